package org.caseledger.api.cases;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date known to the year, the month or the day ({@code 2017}, {@code 2017-11}, {@code 2017-11-04}); the
 * precision a source gave is kept, never padded into false exactness.
 */
public record ApproximateDate(int year, Integer month, Integer day) implements Comparable<ApproximateDate> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");

    public ApproximateDate {
        if (year < 1900 || year > 2999) {
            throw new IllegalArgumentException("year must be between 1900 and 2999, was " + year);
        }
        if (month == null && day != null) {
            throw new IllegalArgumentException("a day needs a month");
        }
        if (month != null && (month < 1 || month > 12)) {
            throw new IllegalArgumentException("month must be between 01 and 12, was " + month);
        }
        if (day != null) {
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("no such day: " + year + "-" + month + "-" + day);
            }
        }
    }

    @JsonCreator
    public static ApproximateDate parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a date is required, as YYYY, YYYY-MM or YYYY-MM-DD");
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-11, 2017-11-04)");
        }
        return new ApproximateDate(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? null : Integer.valueOf(m.group(2)),
                m.group(3) == null ? null : Integer.valueOf(m.group(3)));
    }

    /** The first day this date can mean: how it sorts against more precise dates. */
    public LocalDate earliest() {
        return LocalDate.of(year, month == null ? 1 : month, day == null ? 1 : day);
    }

    /** The last day this date can mean. */
    public LocalDate latest() {
        if (month == null) {
            return LocalDate.of(year, 12, 31);
        }
        return day == null ? YearMonth.of(year, month).atEndOfMonth() : LocalDate.of(year, month, day);
    }

    @Override
    public int compareTo(ApproximateDate other) {
        int byStart = earliest().compareTo(other.earliest());
        return byStart != 0 ? byStart : latest().compareTo(other.latest());
    }

    /** Written out by hand: every event's dates are, and {@code String.format} showed in the services' profiles. */
    @JsonValue
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(10).append(year);
        if (month != null) {
            twoDigits(text.append('-'), month);
            if (day != null) {
                twoDigits(text.append('-'), day);
            }
        }
        return text.toString();
    }

    private static void twoDigits(StringBuilder text, int value) {
        text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
