package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.platform.web.Problems;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which cases the statistics count, by the names the case list filters by. A case is detained within
 * {@code detainedFrom}..{@code detainedTo} when its first detention, in the precision it was reported in, lies
 * wholly within them: a detention known only as 2017 is not within {@code detainedFrom=2017-06}.
 */
record StatisticsFilters(CaseStatus status, String ethnicity, Gender gender, String prefecture, String county,
                         String facility, ApproximateDate detainedFrom, ApproximateDate detainedTo) {

    /** The filters as given, checked: a bad one is refused naming it, so that no figure is answered for a typo. */
    static StatisticsFilters of(CaseStatus status, String ethnicity, Gender gender, String prefecture, String county,
                                String facility, String detainedFrom, String detainedTo) {
        ApproximateDate from = date("detainedFrom", detainedFrom);
        ApproximateDate to = date("detainedTo", detainedTo);
        if (from != null && to != null && from.earliest().isAfter(to.latest())) {
            throw Problems.invalid("detainedFrom", "'" + from + "' is after detainedTo '" + to
                    + "'; give the earlier date as detainedFrom");
        }
        return new StatisticsFilters(status, text("ethnicity", ethnicity), gender, text("prefecture", prefecture),
                text("county", county), text("facility", facility), from, to);
    }

    private static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw Problems.invalid(field, "is empty; leave it out to count every " + field + ", or name one");
        }
        if (value.length() > 200) {
            throw Problems.invalid(field, "is longer than 200 characters; no " + field + " on record is");
        }
        return value.strip();
    }

    private static ApproximateDate date(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return ApproximateDate.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(field, e.getMessage());
        }
    }

    /** The filters given, by name, as an answer names them. */
    Map<String, String> applied() {
        Map<String, String> applied = new LinkedHashMap<>();
        put(applied, "status", status);
        put(applied, "ethnicity", ethnicity);
        put(applied, "gender", gender);
        put(applied, "prefecture", prefecture);
        put(applied, "county", county);
        put(applied, "facility", facility);
        put(applied, "detainedFrom", detainedFrom);
        put(applied, "detainedTo", detainedTo);
        return applied;
    }

    /** The condition on the statistics row {@code s} that these filters make, its parameters put into {@code params}. */
    String where(Map<String, Object> params) {
        StringBuilder where = new StringBuilder("s.merged_into IS NULL");
        condition(where, params, "s.status = :status", "status", status == null ? null : status.name());
        condition(where, params, "s.ethnicity = :ethnicity", "ethnicity", ethnicity);
        condition(where, params, "s.gender = :gender", "gender", gender == null ? null : gender.name());
        condition(where, params, "s.prefecture = :prefecture", "prefecture", prefecture);
        condition(where, params, "s.county = :county", "county", county);
        condition(where, params, "s.facility_id = :facility", "facility", facility);
        condition(where, params, "s.first_detention_start >= :detainedFrom", "detainedFrom",
                detainedFrom == null ? null : detainedFrom.earliest());
        condition(where, params, "s.first_detention_end <= :detainedTo", "detainedTo",
                detainedTo == null ? null : detainedTo.latest());
        return where.toString();
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String sql, String name,
                                  Object value) {
        if (value != null) {
            where.append(" AND ").append(sql);
            params.put(name, value);
        }
    }

    private static void put(Map<String, String> applied, String name, Object value) {
        if (value != null) {
            applied.put(name, value.toString());
        }
    }
}
