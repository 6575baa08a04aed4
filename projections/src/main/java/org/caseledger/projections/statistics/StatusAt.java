package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cases by what had happened to them by a date, by the facts' own dates ({@code at}), not by when they were
 * recorded: of the credible facts neither retracted nor dated later (detentions, sentences, releases, deaths), the
 * latest decides: detained, sentenced, released or deceased then. A fact counts as happened by {@code at} only when
 * all the days its date can mean lie on or before it: a release known only as "2018" happened by the end of 2018,
 * but not surely by 2018-06-30. A case whose reading hangs on such a fact (one that may fall either side and would
 * give another status) is unknown; a case with nothing dated by then is not counted.
 *
 * <p>A simpler reading than the case's own (docs/status-rules.md), which also weighs whereabouts, departures and
 * contradictions of one date: this one reads only the dated facts the statistics keep, so that it stays one query
 * over the statistics model, never a reading of the event history.
 */
@Component
class StatusAt {

    private static final String STATUS_OF_KIND = """
            CASE %1$s WHEN 'DETENTION' THEN 'DETAINED' WHEN 'SENTENCE' THEN 'SENTENCED'
                      WHEN 'RELEASE' THEN 'RELEASED' WHEN 'DEATH' THEN 'DECEASED' END""";

    /**
     * What had happened by {@code at} as the ledger knew it at {@code known} (the facts recorded by then only), read
     * on an answer's connection, so that it counts the cases the rest of the answer counts.
     */
    Breakdown count(JdbcClient on, StatisticsFilters filters, ApproximateDate at, KnownAt known, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        params.put("at", at.latest());
        Map<String, String> applied = new LinkedHashMap<>(filters.applied());
        if (!known.live()) {
            applied.put("asOf", known.asOf().toString());
        }
        applied.put("at", at.toString());
        long[] totals = new long[2];
        List<Cell> cells = new ArrayList<>();
        on.sql(known.sql("""
                        SELECT CASE WHEN EXISTS (
                                        SELECT 1 FROM statistics_fact m
                                         WHERE m.case_id = c.case_id AND m.credible AND NOT m.retracted
                                           AND m.fact_start <= :at AND m.fact_end > :at
                                           AND %s IS DISTINCT FROM c.status)
                                    THEN NULL ELSE c.status END AS status,
                               count(*) AS cases
                          FROM (SELECT s.case_id,
                                       (SELECT %s FROM statistics_fact f
                                         WHERE f.case_id = s.case_id AND f.credible AND NOT f.retracted
                                           AND f.fact_end <= :at
                                         ORDER BY f.fact_start DESC, f.fact_end DESC, f.sequence DESC
                                         LIMIT 1) AS status
                                  FROM statistics_case s
                                 WHERE EXISTS (SELECT 1 FROM statistics_fact d
                                                WHERE d.case_id = s.case_id AND d.credible AND NOT d.retracted
                                                  AND d.fact_start <= :at)
                                   AND\s""".formatted(STATUS_OF_KIND.formatted("m.kind"),
                        STATUS_OF_KIND.formatted("f.kind")) + where + """
                               ) c
                         GROUP BY 1
                        """, params))
                .params(params)
                .query(rs -> {
                    long cases = rs.getLong("cases");
                    totals[0] += cases;
                    String status = rs.getString("status");
                    if (status == null) {
                        totals[1] += cases;
                    } else {
                        cells.add(new Cell(status, null, Count.of(cases, exact)));
                    }
                });
        cells.sort(Comparator.comparing(cell -> CaseStatus.valueOf(cell.key()).ordinal()));
        return Breakdown.of(Count.of(totals[0], exact), Count.of(totals[1], exact), applied, cells);
    }
}
