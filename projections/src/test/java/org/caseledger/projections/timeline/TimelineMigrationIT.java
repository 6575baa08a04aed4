package org.caseledger.projections.timeline;

import org.caseledger.projections.ProjectionsMigrations;
import org.caseledger.projections.ProjectionsMigrations.Migrated;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database projected before the timeline had a consumer of its own comes out of the migration consistent: the
 * timeline and the case model each hold what they held, at the positions the case-status consumer had reached.
 */
class TimelineMigrationIT {

    @Test
    void timelineWrittenByTheCaseStatusConsumerIsTakenOverAtItsPositions() {
        Migrated before = ProjectionsMigrations.migratedTo("3", "projections_before_timeline");
        JdbcClient jdbc = before.jdbc();
        jdbc.sql("""
                INSERT INTO case_status (case_id, case_number, name, status, last_event_at, version)
                VALUES ('case-1', 1, 'Nurlan', 'RELEASED', now(), 4)""").update();
        jdbc.sql("""
                INSERT INTO case_timeline (case_id, sequence, event_id, type, recorded_at, summary, subject_id,
                                           retracted_by)
                VALUES ('case-1', 0, 'e0', 'DetentionReported', now(), 'Case opened', NULL, NULL),
                       ('case-1', 1, 'e1', 'TestimonyRecorded', now(), 'Testimony recorded', 't-1', 'e3'),
                       ('case-1', 2, 'e2', 'ReleaseRecorded', now(), 'Reported released', NULL, NULL),
                       ('case-1', 3, 'e3', 'FactCorrected', now(), 'Retracted the TestimonyRecorded', NULL, NULL)
                """).update();
        jdbc.sql("""
                INSERT INTO consumer_position (consumer_name, topic, partition_no, next_offset, updated_at)
                VALUES ('projections.case-status', 'caseledger.cases.v1', 0, 17, now()),
                       ('projections.case-status', 'caseledger.cases.v1', 1, 5, now())""").update();

        before.toTheLatest();

        assertThat(jdbc.sql("SELECT version FROM timeline_case WHERE case_id = 'case-1'").query(Long.class).single())
                .isEqualTo(4);
        assertThat(jdbc.sql("SELECT version FROM case_status WHERE case_id = 'case-1'").query(Long.class).single())
                .isEqualTo(4);
        assertThat(jdbc.sql("SELECT count(*) FROM applied_sequence WHERE aggregate_id = 'case-1'").query(Long.class)
                .single())
                .as("the next event of the case is expected after the versions shown, which both consumers read")
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM timeline_entry WHERE case_id = 'case-1'").query(Long.class)
                .single()).isEqualTo(4);
        assertThat(jdbc.sql("""
                        SELECT partition_no || ':' || next_offset FROM consumer_position
                         WHERE consumer_name = 'projections.timeline' ORDER BY partition_no""")
                .query(String.class).list()).isEqualTo(List.of("0:17", "1:5"));
        assertThat(jdbc.sql("SELECT event_id || ':' || type || ':' || retracted FROM case_fact ORDER BY event_id")
                .query(String.class).list())
                .isEqualTo(List.of("e0:DetentionReported:false", "e1:TestimonyRecorded:true",
                        "e2:ReleaseRecorded:false"));
    }

    /**
     * V44: the case status and the timeline read each case's last sequence from the case's version, and what
     * {@code applied_sequence} kept for them goes. A version left behind the guard (an event of a type the consumer did
     * not know moved the guard alone) is moved up to it, so the case's next event is expected where it was; a version
     * already there stays, and the guards of other consumers stay.
     */
    @Test
    void theCaseStatusAndTheTimelineTakeTheirSequenceGuardsIntoTheirVersions() {
        Migrated before = ProjectionsMigrations.migratedTo("43", "projections_before_versions_as_guards");
        JdbcClient jdbc = before.jdbc();
        jdbc.sql("""
                INSERT INTO case_status (case_id, case_number, name, status, last_event_at, version)
                VALUES ('behind', 1, 'Nurlan', 'DETAINED', now(), 2), ('level', 2, 'Gulnar', 'DETAINED', now(), 3)
                """).update();
        jdbc.sql("INSERT INTO timeline_case (case_id, version) VALUES ('behind', 1), ('level', 3)").update();
        jdbc.sql("""
                INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
                VALUES ('projections.case-status', 'behind', 5), ('projections.timeline', 'behind', 4),
                       ('projections.case-status', 'level', 3), ('projections.timeline', 'level', 3),
                       ('projections.case-search', 'behind', 5)
                """).update();

        before.toTheLatest();

        assertThat(jdbc.sql("SELECT case_id || '=' || version FROM case_status ORDER BY case_id").query(String.class)
                .list()).containsExactly("behind=5", "level=3");
        assertThat(jdbc.sql("SELECT case_id || '=' || version FROM timeline_case ORDER BY case_id").query(String.class)
                .list()).containsExactly("behind=4", "level=3");
        assertThat(jdbc.sql("SELECT consumer_name || ':' || aggregate_id || '=' || last_sequence FROM applied_sequence")
                .query(String.class).list()).containsExactly("projections.case-search:behind=5");
    }
}
