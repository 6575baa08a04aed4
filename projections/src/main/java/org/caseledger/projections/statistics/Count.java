package org.caseledger.projections.statistics;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A count as an answer may show it: exact, or for a caller who may not see exact counts, {@code "<5"} when under
 * five and otherwise rounded to the nearest five. Rounding every shown count, totals and unknowns included, is what
 * keeps a suppressed cell suppressed: subtracting the other cells from the total leaves a span of several values.
 * Zero is shown as zero; a fractional count (ages from a range) keeps one decimal when exact.
 */
@Schema(description = "A count: a number, or \"<5\" for a small cell where exact counts are not shown",
        oneOf = {Number.class, String.class}, example = "12")
record Count(BigDecimal value, boolean exact) {

    static final String SMALL = "<5";
    private static final BigDecimal FIVE = BigDecimal.valueOf(5);

    static Count of(long value, boolean exact) {
        return new Count(BigDecimal.valueOf(value), exact);
    }

    static Count of(BigDecimal value, boolean exact) {
        return new Count(value, exact);
    }

    /** Whether this count is under five, and so not shown as it is to a caller who may not see exact counts. */
    boolean small() {
        return value.signum() > 0 && value.compareTo(FIVE) < 0;
    }

    @JsonValue
    public Object shown() {
        if (exact) {
            return value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().scale() <= 0
                    ? value.setScale(0, RoundingMode.HALF_UP).longValueExact()
                    : value.setScale(1, RoundingMode.HALF_UP);
        }
        if (value.signum() == 0) {
            return 0L;
        }
        if (small()) {
            return SMALL;
        }
        return value.divide(FIVE, 0, RoundingMode.HALF_UP).multiply(FIVE).longValueExact();
    }
}
