package org.caseledger.projections.history;

import org.caseledger.platform.web.Problems;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code asOf} of a read: the moment whose knowledge is asked for, by recording time. A moment with its offset
 * ({@code 2019-06-30T12:00:00Z}, {@code 2019-06-30T18:00:00+06:00}), or a day ({@code 2019-06-30}), which means its
 * end in UTC: everything recorded on that day. A moment still to come is refused, because what will be known then
 * is not known yet, and an answer for it would change as facts are recorded. An offset's {@code +} written unescaped
 * in a query string arrives as a space, and is read as the {@code +} it was.
 */
public final class AsOf {

    /** PostgreSQL keeps microseconds: the last one of a day is its end. */
    private static final long MICROSECOND = 1_000;

    private AsOf() {
    }

    /** The moment asked for, or empty when {@code asOf} was not given; a bad one is refused naming it. */
    public static Optional<Instant> of(String asOf, Clock clock) {
        if (asOf == null) {
            return Optional.empty();
        }
        Instant moment = parse(asOf.strip().replace(' ', '+'));
        if (moment.isAfter(clock.instant())) {
            throw Problems.invalid("asOf", "'" + asOf + "' is still to come (it is " + clock.instant() + " now); "
                    + "leave asOf out for what is known now, or give a moment that has passed");
        }
        return Optional.of(moment);
    }

    private static Instant parse(String asOf) {
        try {
            return OffsetDateTime.parse(asOf).toInstant();
        } catch (DateTimeParseException notAMoment) {
            try {
                return LocalDate.parse(asOf).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minusNanos(MICROSECOND);
            } catch (DateTimeParseException notADay) {
                throw Problems.invalid("asOf", "'" + asOf + "' is not a moment; write one with its offset, e.g. "
                        + "2019-06-30T12:00:00Z, or a day, 2019-06-30, for everything recorded by its end (UTC)");
            }
        }
    }
}
