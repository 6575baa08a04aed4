package org.caseledger.projections.casestatus;

import io.micrometer.core.instrument.Tags;
import org.caseledger.platform.metrics.QueriedGauges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import java.util.HashMap;
import java.util.Map;

/**
 * What a coordinator watches of the cases: how many are open in each status. Counts only, never a person.
 *
 * <p>The count runs every 15 s ({@code caseledger.metrics.query-interval}) beside the readers the service answers, so
 * it takes one core at most and little of it: it reads the index of the cases not merged away by status (V45), in
 * its order, and PostgreSQL gives it no parallel workers. At 307,629 cases that is 35 ms of one core; read from the
 * table by three processes, it was 70 ms of both cores, and the case view's slowest answers were those it held up
 * (deploy/local/README.md, "Where the targets stand"). It still grows with the cases: at 1,143,580 PostgreSQL chose
 * to read the whole table again (490 ms alone, 836 ms during an import), and the index, its visibility map four fifths
 * set, took 387 to 455 ms. Counts kept as the rows change would end that.
 */
@Component
class CaseStatusGauges {

    CaseStatusGauges(QueriedGauges gauges, JdbcClient jdbc, TransactionOperations transactions) {
        gauges.register("caseledger.cases.open",
                "Cases on record by their current status, duplicates merged into another case left out", null,
                () -> transactions.execute(transaction -> {
                    jdbc.sql("SELECT set_config('max_parallel_workers_per_gather', '0', true)").query().singleValue();
                    Map<Tags, Long> counts = new HashMap<>();
                    jdbc.sql("""
                                    SELECT status, count(*) AS cases
                                      FROM case_status
                                     WHERE merged_into IS NULL
                                     GROUP BY status
                                    """)
                            .query(rs -> {
                                counts.put(Tags.of("status", rs.getString("status")), rs.getLong("cases"));
                            });
                    return counts;
                }));
    }
}
