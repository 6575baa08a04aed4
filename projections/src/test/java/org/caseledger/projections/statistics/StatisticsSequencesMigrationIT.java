package org.caseledger.projections.statistics;

import org.caseledger.projections.ProjectionsMigrations;
import org.caseledger.projections.ProjectionsMigrations.Migrated;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V52: the statistics read each case's last sequence from the case's version, and what {@code applied_sequence} kept
 * for them goes, for the live model and for a rebuild's copy under way. A version left behind the guard (an event the
 * statistics had nothing to do with moved the guard alone) is moved up to it, so the case's next event is expected where
 * it was; a version already there stays, and the guards of other consumers stay.
 */
class StatisticsSequencesMigrationIT {

    @Test
    void theStatisticsTakeTheirSequenceGuardsIntoTheirVersionsLiveAndInARebuildsCopy() {
        Migrated before = ProjectionsMigrations.migratedTo("51", "projections_statistics_guards");
        JdbcClient jdbc = before.jdbc();
        jdbc.sql("CREATE SCHEMA rebuild_projections_statistics").update();
        jdbc.sql("""
                CREATE TABLE rebuild_projections_statistics.statistics_case
                    (LIKE public.statistics_case INCLUDING ALL)""").update();
        for (String table : List.of("public", "rebuild_projections_statistics")) {
            jdbc.sql("INSERT INTO " + table + """
                    .statistics_case (case_id, status, version, recorded_at)
                    VALUES ('behind', 'DETAINED', 2, now()), ('level', 'DETAINED', 3, now())
                    """).update();
        }
        jdbc.sql("""
                INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
                VALUES ('projections.statistics', 'behind', 5), ('projections.statistics', 'level', 3),
                       ('projections.rebuild.statistics', 'behind', 4), ('projections.rebuild.statistics', 'level', 1),
                       ('projections.appeals', 'behind', 7), ('projections.case-search', 'level', 9)
                """).update();

        before.toTheLatest();

        assertThat(versions(jdbc, "public")).containsExactly("behind=5", "level=3");
        assertThat(versions(jdbc, "rebuild_projections_statistics")).containsExactly("behind=4", "level=3");
        assertThat(jdbc.sql("""
                        SELECT consumer_name || ':' || aggregate_id || '=' || last_sequence FROM applied_sequence
                         ORDER BY consumer_name""")
                .query(String.class).list())
                .containsExactly("projections.appeals:behind=7", "projections.case-search:level=9");
    }

    @Test
    void withoutARebuildUnderWayTheLiveModelAloneIsMoved() {
        Migrated before = ProjectionsMigrations.migratedTo("51", "projections_statistics_guards_alone");
        JdbcClient jdbc = before.jdbc();
        jdbc.sql("""
                INSERT INTO statistics_case (case_id, status, version, recorded_at)
                VALUES ('behind', 'DETAINED', 2, now())""").update();
        jdbc.sql("""
                INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
                VALUES ('projections.statistics', 'behind', 6), ('projections.rebuild.statistics', 'behind', 4)
                """).update();

        before.toTheLatest();

        assertThat(versions(jdbc, "public")).containsExactly("behind=6");
        assertThat(jdbc.sql("SELECT count(*) FROM applied_sequence").query(Long.class).single()).isZero();
    }

    private static List<String> versions(JdbcClient jdbc, String schema) {
        return jdbc.sql("SELECT case_id || '=' || version FROM " + schema + ".statistics_case ORDER BY case_id")
                .query(String.class).list();
    }
}
