package org.caseledger.projections.statistics;

import io.micrometer.core.instrument.Tags;
import org.caseledger.platform.metrics.QueriedGauges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * What a coordinator watches of the cases: how many are open in each status. Counts only, never a person.
 *
 * <p>Read every 15 s ({@code caseledger.metrics.query-interval}) from the counts the statistics keep as their rows
 * change, the figures the dashboard shows, as of the statistics' consumer: the unfiltered counts by status, their
 * changes not yet folded, and the cases' states not yet folded, each of which counts one case (or takes one away, by
 * its sign) under its status unless merged, as {@code statistics_case_cells} counts a row (V21). A case counts under
 * the status it derived, {@code UNKNOWN} until it derives one; a duplicate merged into another counts nowhere. One
 * statement, so a state the fold moves meanwhile is read once, as the readers of the statistics read it.
 *
 * <p>That is a few rows however many cases there are, and as many states as the last second left. It counted the case
 * status model's rows before, which grew with the cases: at 1,143,580 cases 351 to 367 ms idle, a median of 1,282 ms
 * during an import, where this reads in 0.2 to 5.5 ms. Read as the statistics' answers read the states' cells (every
 * filter's too, until V51), the same took 18 to 301 ms.
 */
@Component
class OpenCasesGauge {

    OpenCasesGauge(QueriedGauges gauges, JdbcClient jdbc) {
        gauges.register("caseledger.cases.open",
                "Cases on record by their current status, duplicates merged into another case left out", null,
                () -> {
                    Map<Tags, Long> counts = new HashMap<>();
                    jdbc.sql("""
                                    SELECT status, sum(cases) AS cases
                                      FROM (SELECT key AS status, cases FROM statistics_count
                                             WHERE breakdown = 'status'
                                            UNION ALL
                                            SELECT key, cases FROM statistics_count_change
                                             WHERE breakdown = 'status'
                                            UNION ALL
                                            SELECT status::TEXT, sign FROM statistics_case_change
                                             WHERE merged_into IS NULL) counted
                                     GROUP BY status
                                    HAVING sum(cases) <> 0
                                    """)
                            .query(rs -> {
                                counts.put(Tags.of("status", rs.getString("status")),
                                        rs.getBigDecimal("cases").longValueExact());
                            });
                    return counts;
                });
    }
}
