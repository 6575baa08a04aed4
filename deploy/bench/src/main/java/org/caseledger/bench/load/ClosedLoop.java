package org.caseledger.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A fixed number of clients, each sending its next request as soon as its last was answered: the most the stack
 * serves. Latencies here are service times under that load; {@link OpenLoop} measures what a user waits.
 */
public final class ClosedLoop {

    /** Pause after a request failed without an answer, so that a stack that is down is not hammered in a spin. */
    private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private ClosedLoop() {
    }

    /** One client's next step: one request, or a few that depend on each other; it records its own latencies. */
    public interface Client {
        void step(Tally tally) throws Exception;
    }

    /** @param seconds from the start until the last client finished its last step */
    public record Outcome(Tally tally, double seconds) {

        public double perSecond() {
            return tally.count() / seconds;
        }
    }

    public static Outcome run(int clients, Duration duration, IntFunction<Client> newClient) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = newClient.apply(i);
            Tally tally = new Tally();
            tallies.add(tally);
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = start[0] + duration.toNanos();
                while (System.nanoTime() < end) {
                    try {
                        client.step(tally);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        tally.fail(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                        LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
                    }
                }
            }, "closed-loop-client-" + i);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        start[0] = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        Tally all = new Tally();
        tallies.forEach(all::add);
        return new Outcome(all, seconds);
    }
}
