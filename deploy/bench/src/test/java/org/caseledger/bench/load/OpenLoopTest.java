package org.caseledger.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopTest {

    @Test
    void sendsEveryRequestThatFallsDueAndNoMore() throws Exception {
        OpenLoop.Outcome outcome = OpenLoop.run(200, Duration.ofMillis(500), 8,
                (index, due, tally) -> tally.record("request", System.nanoTime() - due));

        assertThat(outcome.due()).isEqualTo(100);
        assertThat(outcome.tally().count()).isEqualTo(100);
    }

    /** The schedule is fixed before the run: request i falls due i periods after the first, however slow the answers. */
    @Test
    void schedulesEveryRequestAtAFixedPeriodFromTheStartNotFromTheLastAnswer() throws Exception {
        Map<Long, Long> dueTimes = new ConcurrentHashMap<>();

        OpenLoop.run(100, Duration.ofMillis(300), 2, (index, due, tally) -> {
            dueTimes.put(index, due);
            serve(TimeUnit.MILLISECONDS.toNanos(index == 3 ? 150 : 1));
            tally.record("request", System.nanoTime() - due);
        });

        assertThat(dueTimes.keySet()).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, 30).boxed().toList());
        long first = dueTimes.get(0L);
        dueTimes.forEach((index, due) -> assertThat(due - first).as("request %d", index)
                .isEqualTo(index * TimeUnit.MILLISECONDS.toNanos(10)));
    }

    /** A service that answers in 40 ms can serve 25 requests a second on one connection; 50 fall due each second. */
    @Test
    void countsLatencyFromTheDueTimeSoEveryRequestAStallDelayedShowsIt() throws Exception {
        OpenLoop.Outcome outcome = OpenLoop.run(50, Duration.ofSeconds(1), 1, (index, due, tally) -> {
            serve(TimeUnit.MILLISECONDS.toNanos(40));
            tally.record("request", System.nanoTime() - due);
        });

        Latency latency = outcome.tally().latency("request");
        assertThat(latency.count()).isEqualTo(50);
        assertThat(latency.p50()).isGreaterThan(400);
        assertThat(latency.max()).isGreaterThan(900);
        assertThat(outcome.perSecond()).isLessThan(30);
    }

    @Test
    void closedLoopLatencyIsTheServiceTimeOnly() throws Exception {
        ClosedLoop.Outcome outcome = ClosedLoop.run(1, Duration.ofSeconds(1), client -> tally -> {
            long start = System.nanoTime();
            serve(TimeUnit.MILLISECONDS.toNanos(40));
            tally.record("request", System.nanoTime() - start);
        });

        assertThat(outcome.tally().latency("request").p50()).isBetween(39.0, 200.0);
    }

    private static void serve(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
