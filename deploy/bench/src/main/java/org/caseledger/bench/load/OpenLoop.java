package org.caseledger.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a fixed rate, each on a schedule fixed before the run: request {@code i} is due at
 * {@code start + i / rate}, whether or not the ones before it were answered. Its latency is counted from that due
 * time, not from when a worker got round to sending it, so a stack that stalls shows every request it kept waiting
 * (no coordinated omission). Workers only carry the requests out; when all are busy, due requests wait, and the
 * wait is in their latency.
 */
public final class OpenLoop {

    private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private OpenLoop() {
    }

    /** Sends request {@code index}; records its latency from {@code dueNanos} itself. */
    public interface Request {
        void send(long index, long dueNanos, Tally tally) throws Exception;
    }

    /**
     * @param due     requests scheduled in the run
     * @param seconds from the first due time until the last answer
     */
    public record Outcome(Tally tally, double seconds, long due, double rate) {

        public double perSecond() {
            return tally.count() / seconds;
        }
    }

    public static Outcome run(double rate, Duration duration, int workers, Request request) throws InterruptedException {
        long period = Math.max(1, Math.round(1e9 / rate));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long end = start + duration.toNanos();
        AtomicLong next = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong(start);
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Tally tally = new Tally();
            tallies.add(tally);
            Thread thread = new Thread(() -> {
                while (true) {
                    long index = next.getAndIncrement();
                    long due = start + index * period;
                    if (due >= end) {
                        return;
                    }
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        request.send(index, due, tally);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        tally.fail(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                        LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
                    }
                    lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, "open-loop-worker-" + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Tally all = new Tally();
        tallies.forEach(all::add);
        long due = (end - start + period - 1) / period;
        return new Outcome(all, (lastAnswer.get() - start) / 1e9, due, rate);
    }
}
