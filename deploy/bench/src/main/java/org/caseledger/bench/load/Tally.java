package org.caseledger.bench.load;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Latencies by operation and failures, recorded by one thread (each client has its own) and added up at the end.
 * Latencies are kept in HdrHistograms, to the microsecond, up to ten minutes.
 */
public final class Tally {

    private static final long LONGEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Map<String, Histogram> latencies = new LinkedHashMap<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private String firstFailure;

    public void record(String operation, long nanos) {
        histogram(operation).recordValue(Math.min(LONGEST_MICROS, Math.max(1, nanos / 1_000)));
    }

    /** @param kind what failed and how, e.g. {@code POST /api/cases 503}; counted together */
    public void fail(String kind, String detail) {
        failures.merge(kind, 1L, Long::sum);
        if (firstFailure == null) {
            firstFailure = kind + ": " + detail;
        }
    }

    public void add(Tally other) {
        other.latencies.forEach((operation, histogram) -> histogram(operation).add(histogram));
        other.failures.forEach((kind, count) -> failures.merge(kind, count, Long::sum));
        if (firstFailure == null) {
            firstFailure = other.firstFailure;
        }
    }

    public long count() {
        return latencies.values().stream().mapToLong(Histogram::getTotalCount).sum();
    }

    public long count(String operation) {
        Histogram histogram = latencies.get(operation);
        return histogram == null ? 0 : histogram.getTotalCount();
    }

    public Latency latency(String operation) {
        return Latency.of(histogram(operation));
    }

    /** Every operation's latencies together. */
    public Latency latency() {
        Histogram all = newHistogram();
        latencies.values().forEach(all::add);
        return Latency.of(all);
    }

    public Map<String, Long> failures() {
        return Map.copyOf(failures);
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public String firstFailure() {
        return firstFailure;
    }

    private Histogram histogram(String operation) {
        return latencies.computeIfAbsent(operation, key -> newHistogram());
    }

    private static Histogram newHistogram() {
        return new Histogram(LONGEST_MICROS, 3);
    }
}
