package org.caseledger.platform.kafka;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads a record's {@code timestamp} header. Publishers write it as {@link Instant#toString()} does
 * ({@code 2026-12-02T11:35:48.123Z}: UTC, seconds always, a fraction of 3, 6 or 9 digits when there is one), and that
 * form is read here digit by digit. {@link Instant#parse} reads it through a general formatter, a map of fields filled
 * and resolved for every call: 4 % of a rebuild's consumer threads, since every record has one (docs/read-models.md,
 * "Each record's time read without a formatter"). Any other text, and any text of that form that is not a real
 * instant, is left to {@link Instant#parse}: what it accepts is read as it reads it, and what it refuses is refused
 * with its exception.
 */
final class Timestamps {

    /** What the last digit of a fraction of 1, 2, … 9 digits counts, in nanoseconds. */
    private static final int[] NANOS_PER_DIGIT = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
            10, 1};
    private static final int SHORTEST = "2026-12-02T11:35:48Z".length();

    private Timestamps() {
    }

    static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || length == SHORTEST + 1 || length > SHORTEST + 10 || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || (length > SHORTEST && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        // The fraction's digits, from 1 to 9 of them, between the '.' and the 'Z'; none without the '.'.
        int nanos = length == SHORTEST ? 0 : number(text, 20, length - 1) * NANOS_PER_DIGIT[length - SHORTEST - 2];
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(text);
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text);
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal number in {@code text} from {@code from} to {@code to}, or -1 where a character is no digit. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int at = from; at < to; at++) {
            int digit = text.charAt(at) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
