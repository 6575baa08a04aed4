package org.caseledger.projections.statistics;

import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Gender;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics read as they were before one answer became a few statements: each breakdown one GROUP BY of its
 * own over the cases under the filters, eighteen statements one after another. Kept as the benchmark's baseline and
 * as a second reading every answer of {@link StatisticsQueries} must equal.
 */
class StatementPerBreakdownQueries {

    private static final List<String> SENTENCE_BINS = List.of("UNDER_5", "5_9", "10_14", "15_19", "20_PLUS", "LIFE");
    private static final Map<String, String> SENTENCE_LABELS = Map.of("UNDER_5", "under 5 years", "5_9", "5–9 years",
            "10_14", "10–14 years", "15_19", "15–19 years", "20_PLUS", "20 years or more", "LIFE", "life");

    private final JdbcClient jdbc;
    private final Clock clock;

    StatementPerBreakdownQueries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Statistics statistics(StatisticsFilters filters, boolean exactAgesOnly, boolean exactCounts) {
        Map<String, String> applied = filters.applied();
        Map<String, String> ageFilters = new LinkedHashMap<>(applied);
        if (exactAgesOnly) {
            ageFilters.put("exactAgesOnly", "true");
        }
        Map<String, FactsOverTime> overTime = new LinkedHashMap<>();
        overTime.put("detentions", overTime(filters, StatisticsProjection.FactKind.DETENTION, exactCounts));
        overTime.put("releases", overTime(filters, StatisticsProjection.FactKind.RELEASE, exactCounts));
        overTime.put("sentences", overTime(filters, StatisticsProjection.FactKind.SENTENCE, exactCounts));
        overTime.put("deaths", overTime(filters, StatisticsProjection.FactKind.DEATH, exactCounts));
        return new Statistics(applied, exactCounts,
                byStatus(filters, exactCounts),
                byColumn(filters, "s.detention_kind", null, StatisticsQueries.enumOrder(DetentionKind.class), exactCounts),
                byColumn(filters, "s.ethnicity", null, null, exactCounts),
                byColumn(filters, "NULLIF(s.gender, '" + Gender.UNKNOWN.name() + "')", null, StatisticsQueries.enumOrder(Gender.class),
                        exactCounts),
                byColumn(filters, "s.prefecture", null, null, exactCounts),
                byColumn(filters, "s.county", null, null, exactCounts),
                byColumn(filters, "s.facility_id", "max(s.facility_name)", null, exactCounts),
                byColumn(filters, "CAST(EXTRACT(YEAR FROM s.first_detention_start) AS INTEGER)::TEXT", null,
                        Comparator.naturalOrder(), exactCounts),
                byColumn(filters, "(CAST(EXTRACT(YEAR FROM s.first_detention_start) AS INTEGER) / 10 * 10)::TEXT || 's'",
                        null, Comparator.naturalOrder(), exactCounts),
                bySentenceLength(filters, exactCounts),
                byAge(filters, exactAgesOnly, ageFilters, exactCounts),
                overTime,
                appeals(filters, exactCounts),
                null);
    }

    private Breakdown byStatus(StatisticsFilters filters, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        long[] totals = new long[3];
        List<Cell> cells = new ArrayList<>();
        jdbc.sql("SELECT s.status AS key, count(*) AS cases, count(*) FILTER (WHERE s.disputed) AS disputed "
                        + "FROM statistics_case s WHERE " + where + " GROUP BY s.status")
                .params(params)
                .query(rs -> {
                    String status = rs.getString("key");
                    long cases = rs.getLong("cases");
                    totals[0] += cases;
                    totals[2] += rs.getLong("disputed");
                    if (CaseStatus.UNKNOWN.name().equals(status)) {
                        totals[1] += cases;
                    } else {
                        cells.add(new Cell(status, null, Count.of(cases, exact)));
                    }
                });
        cells.sort(Comparator.comparing(Cell::key, StatisticsQueries.enumOrder(CaseStatus.class)));
        return new Breakdown(Count.of(totals[0], exact), Count.of(totals[1], exact), Count.of(totals[2], exact),
                filters.applied(), cells);
    }

    /** Cases counted by one expression of their row; a null counts as unknown. Ordered by count, else as given. */
    private Breakdown byColumn(StatisticsFilters filters, String key, String label, Comparator<String> order,
                               boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        long[] totals = new long[2];
        List<Cell> cells = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        jdbc.sql("SELECT " + key + " AS key, " + (label == null ? "NULL" : label) + " AS label, count(*) AS cases "
                        + "FROM statistics_case s WHERE " + where + " GROUP BY 1")
                .params(params)
                .query(rs -> {
                    long cases = rs.getLong("cases");
                    totals[0] += cases;
                    if (rs.getString("key") == null) {
                        totals[1] += cases;
                    } else {
                        cells.add(new Cell(rs.getString("key"), rs.getString("label"), Count.of(cases, exact)));
                    }
                });
        cells.sort(order != null ? Comparator.comparing(Cell::key, order)
                : Comparator.comparing((Cell cell) -> cell.count().value()).reversed().thenComparing(Cell::key));
        return Breakdown.of(Count.of(totals[0], exact), Count.of(totals[1], exact), filters.applied(), cells);
    }

    /** Sentenced cases by the length of their latest sentence; one without a term is unknown. */
    private Breakdown bySentenceLength(StatisticsFilters filters, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        long[] totals = new long[2];
        Map<String, Long> bins = new HashMap<>();
        jdbc.sql("""
                        SELECT CASE WHEN s.sentence_life THEN 'LIFE'
                                    WHEN s.sentence_years IS NULL THEN NULL
                                    WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 60 THEN 'UNDER_5'
                                    WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 120 THEN '5_9'
                                    WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 180 THEN '10_14'
                                    WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 240 THEN '15_19'
                                    ELSE '20_PLUS' END AS bin,
                               count(*) AS cases
                          FROM statistics_case s
                         WHERE s.sentenced AND\s""" + where + " GROUP BY 1")
                .params(params)
                .query(rs -> {
                    long cases = rs.getLong("cases");
                    totals[0] += cases;
                    if (rs.getString("bin") == null) {
                        totals[1] += cases;
                    } else {
                        bins.put(rs.getString("bin"), cases);
                    }
                });
        List<Cell> cells = SENTENCE_BINS.stream()
                .filter(bins::containsKey)
                .map(bin -> new Cell(bin, SENTENCE_LABELS.get(bin), Count.of(bins.get(bin), exact)))
                .toList();
        return Breakdown.of(Count.of(totals[0], exact), Count.of(totals[1], exact), filters.applied(), cells);
    }

    /**
     * Cases by age at first detention. A case known only by an age range counts in equal parts over the ages it spans
     * (a "40s" adds 0.1 to each of 40 to 49); with {@code exactAgesOnly} such a case is unknown instead.
     */
    private Breakdown byAge(StatisticsFilters filters, boolean exactAgesOnly, Map<String, String> applied,
                            boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        String aged = "s.born_from IS NOT NULL AND s.first_detention_start IS NOT NULL"
                + (exactAgesOnly ? " AND s.born_from = s.born_to" : "");
        long[] totals = new long[2];
        jdbc.sql("SELECT count(*) AS cases, count(*) FILTER (WHERE NOT (" + aged + ")) AS unknown "
                        + "FROM statistics_case s WHERE " + where)
                .params(params)
                .query(rs -> {
                    totals[0] = rs.getLong("cases");
                    totals[1] = rs.getLong("unknown");
                });
        List<Cell> cells = jdbc.sql("""
                        SELECT age, sum(1.0 / (s.born_to - s.born_from + 1)) AS cases
                          FROM statistics_case s
                         CROSS JOIN LATERAL generate_series(
                               CAST(EXTRACT(YEAR FROM s.first_detention_start) AS INTEGER) - s.born_to,
                               CAST(EXTRACT(YEAR FROM s.first_detention_start) AS INTEGER) - s.born_from) AS age
                         WHERE\s""" + aged + " AND " + where + " GROUP BY age ORDER BY age")
                .params(params)
                .query((rs, row) -> new Cell(Integer.toString(rs.getInt("age")), null,
                        Count.of(rs.getBigDecimal("cases"), exact)))
                .list();
        return Breakdown.of(Count.of(totals[0], exact), Count.of(totals[1], exact), applied, cells);
    }

    private FactsOverTime overTime(StatisticsFilters filters, StatisticsProjection.FactKind kind, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        params.put("kind", kind.name());
        long[] totals = new long[2];
        List<Cell> byMonth = new ArrayList<>();
        List<Cell> byYearOnly = new ArrayList<>();
        jdbc.sql("""
                        SELECT f.fact_year, f.fact_month, count(*) AS facts
                          FROM statistics_fact f JOIN statistics_case s ON s.case_id = f.case_id
                         WHERE f.kind = :kind AND f.credible AND NOT f.retracted AND\s""" + where + """
                         GROUP BY f.fact_year, f.fact_month
                         ORDER BY f.fact_year NULLS LAST, f.fact_month NULLS FIRST
                        """)
                .params(params)
                .query(rs -> {
                    long facts = rs.getLong("facts");
                    int year = rs.getInt("fact_year");
                    boolean dated = !rs.wasNull();
                    int month = rs.getInt("fact_month");
                    boolean toTheMonth = !rs.wasNull();
                    totals[0] += facts;
                    if (!dated) {
                        totals[1] += facts;
                    } else if (toTheMonth) {
                        byMonth.add(new Cell(String.format("%04d-%02d", year, month), null, Count.of(facts, exact)));
                    } else {
                        byYearOnly.add(new Cell(String.format("%04d", year), null, Count.of(facts, exact)));
                    }
                });
        return new FactsOverTime(Count.of(totals[0], exact), Count.of(totals[1], exact), filters.applied(), byMonth,
                byYearOnly);
    }

    private AppealStatistics appeals(StatisticsFilters filters, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        params.put("today", Date.valueOf(LocalDate.now(clock)));
        List<AppealFigures> byAuthority = new ArrayList<>();
        AppealFigures[] all = {StatisticsQueries.figures(null, null, 0, 0, null, 0, null, 0, exact)};
        long[] unknown = new long[1];
        jdbc.sql("""
                        SELECT a.authority_id, GROUPING(a.authority_id) AS everything, max(au.name) AS name,
                               count(*) AS filed,
                               count(*) FILTER (WHERE au.authority_id IS NULL) AS unregistered,
                               count(a.first_response_on) AS answered,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY a.first_response_on - a.filed_on)
                                   FILTER (WHERE a.first_response_on IS NOT NULL) AS median_days,
                               count(*) FILTER (WHERE a.overdue AND a.first_response_on IS NULL
                                                      AND a.closed_on IS NULL) AS overdue_now,
                               count(*) FILTER (WHERE a.first_response_on IS NULL AND a.closed_on IS NULL) AS silent,
                               max(:today - a.filed_on) FILTER (WHERE a.first_response_on IS NULL
                                                                      AND a.closed_on IS NULL) AS longest_silence
                          FROM appeal a
                          JOIN statistics_case s ON s.case_id = a.case_id
                          LEFT JOIN appeal_authority au ON au.authority_id = a.authority_id
                         WHERE\s""" + where + """
                         GROUP BY GROUPING SETS ((a.authority_id), ())
                        """)
                .params(params)
                .query(rs -> {
                    AppealFigures figures = StatisticsQueries.figures(
                            rs.getInt("everything") == 1 ? null : rs.getString("authority_id"), rs.getString("name"),
                            rs.getLong("filed"), rs.getLong("answered"), (Double) rs.getObject("median_days"),
                            rs.getLong("overdue_now"), (Integer) rs.getObject("longest_silence"),
                            rs.getLong("silent"), exact);
                    if (rs.getInt("everything") == 1) {
                        all[0] = figures;
                        unknown[0] = rs.getLong("unregistered");
                    } else {
                        byAuthority.add(figures);
                    }
                });
        byAuthority.sort(Comparator.comparing((AppealFigures figures) -> figures.filed().value()).reversed()
                .thenComparing(AppealFigures::authorityId));
        return new AppealStatistics(all[0].filed(), Count.of(unknown[0], exact), filters.applied(), all[0],
                byAuthority, byFirstResponseType(filters, exact));
    }

    private Breakdown byFirstResponseType(StatisticsFilters filters, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        long[] answered = new long[1];
        List<Cell> cells = jdbc.sql("""
                        SELECT a.first_response_type AS key, count(*) AS appeals
                          FROM appeal a JOIN statistics_case s ON s.case_id = a.case_id
                         WHERE a.first_response_type IS NOT NULL AND\s""" + where + """
                         GROUP BY 1
                         ORDER BY 2 DESC, 1
                        """)
                .params(params)
                .query((rs, row) -> {
                    answered[0] += rs.getLong("appeals");
                    return new Cell(rs.getString("key"), null, Count.of(rs.getLong("appeals"), exact));
                })
                .list();
        return Breakdown.of(Count.of(answered[0], exact), Count.of(0, exact), filters.applied(), cells);
    }
}
