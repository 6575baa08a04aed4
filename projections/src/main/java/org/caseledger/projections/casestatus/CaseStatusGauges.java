package org.caseledger.projections.casestatus;

import io.micrometer.core.instrument.Tags;
import org.caseledger.platform.metrics.QueriedGauges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/** What a coordinator watches of the cases: how many are open in each status. Counts only, never a person. */
@Component
class CaseStatusGauges {

    CaseStatusGauges(QueriedGauges gauges, JdbcClient jdbc) {
        gauges.register("caseledger.cases.open",
                "Cases on record by their current status, duplicates merged into another case left out", null,
                () -> {
                    Map<Tags, Long> counts = new HashMap<>();
                    jdbc.sql("""
                                    SELECT COALESCE(status, 'NOT_DERIVED') AS status, count(*) AS cases
                                      FROM case_status
                                     WHERE merged_into IS NULL
                                     GROUP BY 1
                                    """)
                            .query(rs -> {
                                counts.put(Tags.of("status", rs.getString("status")), rs.getLong("cases"));
                            });
                    return counts;
                });
    }
}
