package org.caseledger.bench.load;

import org.HdrHistogram.Histogram;

/** Percentiles of latencies in milliseconds, with how many they are taken over. */
public record Latency(long count, double p50, double p99, double p999, double max) {

    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(99) / 1e3, micros.getValueAtPercentile(99.9) / 1e3,
                micros.getMaxValue() / 1e3);
    }
}
