package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.platform.web.Problems;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which cases the statistics count, by the names the case list filters by. A case is detained within
 * {@code detainedFrom}..{@code detainedTo} when its first detention, in the precision it was reported in, lies
 * wholly within them: a detention known only as 2017 is not within {@code detainedFrom=2017-06}.
 */
public record StatisticsFilters(CaseStatus status, String ethnicity, Gender gender, String prefecture, String county,
                                String facility, ApproximateDate detainedFrom, ApproximateDate detainedTo) {

    /** No filter: every case. */
    static final StatisticsFilters NONE = new StatisticsFilters(null, null, null, null, null, null, null, null);

    /** The filters as given, checked: a bad one is refused naming it, so that no figure is answered for a typo. */
    public static StatisticsFilters of(CaseStatus status, String ethnicity, Gender gender, String prefecture, String county,
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
        conditions("s", params).forEach(condition -> where.append(" AND ").append(condition));
        return where.toString();
    }

    /**
     * The condition on a fact or an appeal the statistics keep ({@code statistics_fact}, {@code statistics_appeal})
     * named {@code alias}: of a counted case, under these filters, as its row carries its case's values.
     */
    String whereCounted(String alias, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(alias + ".counted");
        conditions(alias, params).forEach(condition -> where.append(" AND ").append(condition));
        return where.toString();
    }

    /**
     * The conditions these filters make on a row of {@code statistics_case} named {@code alias}, their parameters put
     * into {@code params}; none when no filter is given. Merged duplicates are left to the caller.
     */
    public List<String> conditions(String alias, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        condition(conditions, params, alias + ".status = :status", "status", status == null ? null : status.name());
        condition(conditions, params, alias + ".ethnicity = :ethnicity", "ethnicity", ethnicity);
        condition(conditions, params, alias + ".gender = :gender", "gender", gender == null ? null : gender.name());
        condition(conditions, params, alias + ".prefecture = :prefecture", "prefecture", prefecture);
        condition(conditions, params, alias + ".county = :county", "county", county);
        condition(conditions, params, alias + ".facility_id = :facility", "facility", facility);
        condition(conditions, params, alias + ".first_detention_start >= :detainedFrom", "detainedFrom",
                detainedFrom == null ? null : detainedFrom.earliest());
        condition(conditions, params, alias + ".first_detention_end <= :detainedTo", "detainedTo",
                detainedTo == null ? null : detainedTo.latest());
        return conditions;
    }

    /**
     * The condition on {@code statistics_filter_count} (V32) that picks the counts kept for these filters, its
     * parameters put into {@code params}; null where none are kept for them. Counts are kept per value of one filter:
     * they answer one text filter alone, or a detention period alone whose edges are whole months (a detention lies
     * within such a period exactly when the months it may have begun and ended in do); two filters, or a day at an
     * edge of the period, are read from the rows. A period's counts are read along
     * {@code statistics_filter_count_detained_months} (V33), by the months each detention may have begun and ended in:
     * the first month is bounded by both edges of the period (a detention that ends by its last month begins by it
     * too), so that the index reads only the counts of detentions begun within the period, not every later one.
     * The filter's name is the parameter {@code countedFilter}.
     */
    String countedUnder(Map<String, Object> params) {
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("status", status == null ? null : status.name());
        text.put("ethnicity", ethnicity);
        text.put("gender", gender == null ? null : gender.name());
        text.put("prefecture", prefecture);
        text.put("county", county);
        text.put("facility", facility);
        text.values().removeIf(value -> value == null);
        boolean dated = detainedFrom != null || detainedTo != null;
        if (text.size() == 1 && !dated) {
            Map.Entry<String, Object> only = text.entrySet().iterator().next();
            params.put("countedFilter", only.getKey());
            params.put("countedValue", only.getValue());
            return "filter = :countedFilter AND value = :countedValue";
        }
        if (!text.isEmpty() || !dated
                || detainedFrom != null && detainedFrom.earliest().getDayOfMonth() != 1
                || detainedTo != null
                && detainedTo.latest().getDayOfMonth() != detainedTo.latest().lengthOfMonth()) {
            return null;
        }
        params.put("countedFilter", "detained");
        StringBuilder where = new StringBuilder("filter = 'detained'");
        if (detainedFrom != null) {
            where.append(" AND split_part(value, '..', 1) COLLATE \"C\" >= :countedFrom");
            params.put("countedFrom", month(detainedFrom.earliest()));
        }
        if (detainedTo != null) {
            where.append(" AND split_part(value, '..', 1) COLLATE \"C\" <= :countedTo"
                    + " AND split_part(value, '..', 2) COLLATE \"C\" <= :countedTo");
            params.put("countedTo", month(detainedTo.latest()));
        }
        return where.toString();
    }

    /**
     * A month as the counts name it: {@code YYYY-MM}, as PostgreSQL's {@code to_char(…, 'YYYY-MM')} writes it and a
     * date known to the month writes itself.
     */
    private static String month(LocalDate day) {
        return new ApproximateDate(day.getYear(), day.getMonthValue(), null).toString();
    }

    /** The same filters but the status, for a reader that takes the status from a model of its own. */
    public StatisticsFilters withoutStatus() {
        return new StatisticsFilters(null, ethnicity, gender, prefecture, county, facility, detainedFrom, detainedTo);
    }

    private static void condition(List<String> conditions, Map<String, Object> params, String sql, String name,
                                  Object value) {
        if (value != null) {
            conditions.add(sql);
            params.put(name, value);
        }
    }

    private static void put(Map<String, String> applied, String name, Object value) {
        if (value != null) {
            applied.put(name, value.toString());
        }
    }
}
