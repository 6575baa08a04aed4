package org.caseledger.bench.load;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TallyTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    /** 1 ms to 1,000 ms, once each: the percentiles are the values themselves, to HdrHistogram's 3 digits. */
    @Test
    void takesPercentilesFromEveryRecordedLatency() {
        Tally tally = new Tally();
        for (long millis = 1000; millis >= 1; millis--) {
            tally.record("request", millis * MILLI);
        }

        Latency latency = tally.latency("request");

        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.p50()).isCloseTo(500, within(1.0));
        assertThat(latency.p99()).isCloseTo(990, within(1.0));
        assertThat(latency.p999()).isCloseTo(999, within(1.0));
        assertThat(latency.max()).isCloseTo(1000, within(1.0));
    }

    /** One slow request in a thousand is the p99.9 and the max, and leaves the p99 where the rest are. */
    @Test
    void aRareStallShowsInTheTailOnly() {
        Tally tally = new Tally();
        for (int i = 0; i < 999; i++) {
            tally.record("request", 2 * MILLI);
        }
        tally.record("request", 1500 * MILLI);

        Latency latency = tally.latency("request");

        assertThat(latency.p99()).isCloseTo(2, within(0.01));
        assertThat(latency.max()).isCloseTo(1500, within(1.0));
    }

    @Test
    void addsTheClientsTalliesUpByOperation() {
        Tally first = new Tally();
        first.record("open", 10 * MILLI);
        first.record("release", 30 * MILLI);
        Tally second = new Tally();
        second.record("open", 20 * MILLI);
        second.record("open", 20 * MILLI);

        Tally all = new Tally();
        all.add(first);
        all.add(second);

        assertThat(all.count()).isEqualTo(4);
        assertThat(all.count("open")).isEqualTo(3);
        assertThat(all.latency("open").max()).isCloseTo(20, within(0.1));
        assertThat(all.latency().max()).isCloseTo(30, within(0.1));
        assertThat(all.latency().count()).isEqualTo(4);
    }

    @Test
    void countsFailuresByKindApartFromLatenciesAndKeepsTheFirst() {
        Tally first = new Tally();
        first.fail("POST /api/cases 503", "unavailable");
        Tally second = new Tally();
        second.fail("POST /api/cases 503", "unavailable again");
        second.fail("SocketTimeoutException", "read timed out");

        Tally all = new Tally();
        all.add(first);
        all.add(second);

        assertThat(all.failures()).containsEntry("POST /api/cases 503", 2L).containsEntry("SocketTimeoutException", 1L);
        assertThat(all.failureCount()).isEqualTo(3);
        assertThat(all.firstFailure()).isEqualTo("POST /api/cases 503: unavailable");
        assertThat(all.count()).isZero();
    }

    @Test
    void saysNothingWasMeasuredRatherThanZero() {
        Latency latency = new Tally().latency("request");

        assertThat(latency.count()).isZero();
        assertThat(latency.p99()).isNaN();
    }

    /** A request that waited longer than the histogram holds still counts, at its longest value. */
    @Test
    void keepsALatencyBeyondTheHistogramsRangeAtItsEnd() {
        Tally tally = new Tally();
        tally.record("request", TimeUnit.MINUTES.toNanos(30));

        assertThat(tally.latency("request").max()).isCloseTo(600_000, within(600.0));
    }
}
