package org.caseledger.bench.report;

/**
 * One figure of the run, with what it is held against.
 *
 * @param value  null when the figure was not measured (then {@code note} says why)
 * @param limit  the machine's own figure it is compared to (the ratio is value / limit), or null
 * @param target the figure issue 13 sets for it, or null
 */
public record Row(String section, String figure, Double value, String unit, Better better, Reference limit,
                  Reference target, String note) {

    /** Which way is good: throughput is better higher, latency lower; an amount (CPU, memory) is only reported. */
    public enum Better { HIGHER, LOWER, NEITHER }

    public static Row measured(String section, String figure, double value, String unit, Better better) {
        return new Row(section, figure, value, unit, better, null, null, null);
    }

    /** A row of words only: a part left out and why, or a verdict. */
    public static Row text(String section, String figure, String text) {
        return new Row(section, figure, null, null, Better.NEITHER, null, null, text);
    }

    public Row against(Reference limit) {
        return new Row(section, figure, value, unit, better, limit, target, note);
    }

    public Row target(Reference target) {
        return new Row(section, figure, value, unit, better, limit, target, note);
    }

    public Row note(String note) {
        return new Row(section, figure, value, unit, better, limit, target, note);
    }

    public Double ratio() {
        return value == null || limit == null || limit.value() == 0 ? null : value / limit.value();
    }

    /** Whether the target is met; null without a target or a value. */
    public Boolean meetsTarget() {
        if (value == null || target == null) {
            return null;
        }
        return better == Better.LOWER ? value <= target.value() : value >= target.value();
    }
}
