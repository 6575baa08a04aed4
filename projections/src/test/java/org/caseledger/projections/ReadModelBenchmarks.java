package org.caseledger.projections;

import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.TestTokens;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * What the read models' benchmarks share: filling the models with generated cases, asking with a token, and reporting
 * what they timed.
 */
public final class ReadModelBenchmarks {

    private static final int CASES_PER_TRANSACTION = 200;
    /** The most records a consumer's poll hands over ({@code TopicConsumer}'s {@code max.poll.records}). */
    private static final int RECORDS_PER_POLL = 500;

    private ReadModelBenchmarks() {
    }

    /**
     * Applies the cases numbered after {@code filled} up to {@code cases}, a transaction per 200, on two threads or as
     * many as {@code caseledger.benchmark.threads} asks: each case's events in order in one transaction, as its
     * consumer applies them, so the rows are the same however many threads share the work.
     *
     * @param eventsOf the events of the case with that number
     * @return the events applied
     */
    public static long fill(TransactionTemplate transactions, long filled, long cases,
                            LongFunction<List<ConsumedEvent>> eventsOf, Consumer<ConsumedEvent> apply) {
        return onThreads(filled, cases, (first, last) -> transactions.execute(status -> {
            long events = 0;
            for (long number = first; number <= last; number++) {
                for (ConsumedEvent event : eventsOf.apply(number)) {
                    apply.accept(event);
                    events++;
                }
            }
            return events;
        }));
    }

    /**
     * Applies the cases numbered after {@code filled} up to {@code cases} to each of {@code projections} as their
     * consumers apply a poll: up to 500 records in a transaction, handed to each projection in turn as one batch
     * ({@link EventProjection#beginBatch}, every record, {@link EventProjection#finishBatch}), so that a projection
     * that writes a batch's rows at once does so here too. 200 cases' events are cut into polls in order on one
     * thread, on two threads or as many as {@code caseledger.benchmark.threads} asks: a case's events are applied in
     * order, one poll after the other, so the rows are those the live consumers write for these events.
     *
     * @param eventsOf the events of the case with that number
     * @return the events applied
     */
    public static long fill(TransactionTemplate transactions, long filled, long cases,
                            LongFunction<List<ConsumedEvent>> eventsOf, List<EventProjection> projections) {
        return onThreads(filled, cases, (first, last) -> {
            List<ConsumedEvent> events = new ArrayList<>();
            for (long number = first; number <= last; number++) {
                events.addAll(eventsOf.apply(number));
            }
            for (int start = 0; start < events.size(); start += RECORDS_PER_POLL) {
                List<ConsumedEvent> poll = events.subList(start, Math.min(events.size(), start + RECORDS_PER_POLL));
                transactions.executeWithoutResult(status -> projections.forEach(projection ->
                        applyPoll(projection, poll)));
            }
            return (long) events.size();
        });
    }

    /** What applies the cases numbered {@code first} to {@code last}, and how many events they had. */
    private interface CaseRange {
        long apply(long first, long last);
    }

    /**
     * The cases numbered after {@code filled} up to {@code cases}, 200 at a time, on two threads or as many as
     * {@code caseledger.benchmark.threads} asks; the events applied, summed.
     */
    private static long onThreads(long filled, long cases, CaseRange range) {
        ExecutorService threads = Executors.newFixedThreadPool(Integer.getInteger("caseledger.benchmark.threads", 2));
        try {
            List<Future<Long>> applied = new ArrayList<>();
            for (long from = filled; from < cases; from += CASES_PER_TRANSACTION) {
                long first = from + 1;
                long last = Math.min(cases, from + CASES_PER_TRANSACTION);
                applied.add(threads.submit(() -> range.apply(first, last)));
            }
            long events = 0;
            for (Future<Long> transaction : applied) {
                events += transaction.get();
            }
            return events;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("filling the read models failed", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** One poll's records as {@code TopicConsumer} hands a partition's to its projection. */
    private static void applyPoll(EventProjection projection, List<ConsumedEvent> poll) {
        LinkedHashSet<String> aggregates = new LinkedHashSet<>();
        poll.forEach(event -> aggregates.add(event.aggregateId()));
        projection.beginBatch(aggregates);
        try {
            poll.forEach(projection::apply);
            projection.finishBatch();
        } catch (RuntimeException e) {
            projection.abandonBatch();
            throw e;
        }
    }

    /** A request's answer as text; an interrupted wait or a broken connection ends the benchmark. */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A role's token, signed anew before it expires: one per request would time the signing too. */
    public static final class Token {

        private final Role role;
        private String value;
        private long signedAt;

        public Token(Role role) {
            this.role = role;
        }

        public String get() {
            if (value == null || System.nanoTime() - signedAt > Duration.ofMinutes(2).toNanos()) {
                value = TestTokens.get().token(role);
                signedAt = System.nanoTime();
            }
            return value;
        }
    }

    /** The nearest-rank percentile, in milliseconds. */
    public static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** A line of the report, printed as it is added. */
    public static void print(List<String> report, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        report.addAll(line.lines().toList());
        System.out.println(line);
    }
}
