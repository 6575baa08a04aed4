package org.caseledger.projections.statistics;

import org.caseledger.projections.ProjectionsMigrations;
import org.caseledger.projections.ProjectionsMigrations.Migrated;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once the gauge of open cases reads the statistics' counts, the index of the case status rows by status it read
 * (V45) is dropped (V50): from the live tables, and from a rebuild's copy made before, which would bring it back
 * when the copy is switched in.
 */
class OpenCasesGaugeMigrationIT {

    @Test
    void theIndexTheGaugeReadIsDroppedFromTheLiveTablesAndFromARebuildsCopy() {
        Migrated before = ProjectionsMigrations.migratedTo("49", "projections_before_open_cases_from_statistics");
        JdbcClient jdbc = before.jdbc();
        jdbc.sql("CREATE SCHEMA rebuild_case_status_copy").update();
        jdbc.sql("CREATE TABLE rebuild_case_status_copy.case_status (LIKE public.case_status INCLUDING ALL)").update();
        jdbc.sql("""
                SELECT format('ALTER INDEX rebuild_case_status_copy.%I RENAME TO case_status_unmerged_by_status',
                              indexname)
                  FROM pg_indexes
                 WHERE schemaname = 'rebuild_case_status_copy' AND indexdef LIKE '%(status) WHERE%'""")
                .query(String.class).list().forEach(rename -> jdbc.sql(rename).update());
        assertThat(indexed(jdbc)).containsExactlyInAnyOrder("public", "rebuild_case_status_copy");

        before.toTheLatest();

        assertThat(indexed(jdbc)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'case_status'").query(Long.class)
                .single()).as("the table's other indexes, live and copied").isEqualTo(6);
    }

    /** The schemas holding the index of the case status rows by status. */
    private static List<String> indexed(JdbcClient jdbc) {
        return jdbc.sql("SELECT schemaname FROM pg_indexes WHERE indexname = 'case_status_unmerged_by_status'")
                .query(String.class).list();
    }
}
