package org.caseledger.projections.appeals;

import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealEscalated;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.EventProjection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Keeps one row per appeal and per authority from the appeals topic. Every change to an appeal is guarded by its
 * event sequence, and every answer is keyed by it, so an event published twice is applied once. Nothing about the
 * clock is stored: how long an appeal has waited is worked out when it is read.
 */
@Component
class AppealsProjection implements EventProjection {

    private final JdbcClient jdbc;
    private final EventHandlers handlers = EventHandlers.builder()
            .on(AuthorityRegistered.class, (event, authority) -> guarded(event, registered(authority)))
            .on(AppealFiled.class, (event, filed) -> guarded(event, filed(event, filed)))
            .on(AppealResponseRecorded.class, (event, response) -> guarded(event, answered(event, response)))
            .on(AppealFollowedUp.class, (event, followUp) -> guarded(event, change(event, "follow_ups = follow_ups + 1")
                    .update()))
            .on(AppealEscalated.class, (event, escalation) -> guarded(event, change(event, "escalated_to = :escalatedTo")
                    .param("escalatedTo", escalation.escalatedTo().value())
                    .update()))
            .on(AppealClosed.class, (event, closure) -> guarded(event,
                    change(event, "outcome = :outcome, closed_on = :closedOn")
                            .param("outcome", closure.outcome().name())
                            .param("closedOn", closure.closedOn())
                            .update()))
            .on(AppealResponseOverdue.class, (event, overdue) -> guarded(event, change(event, "overdue = TRUE").update()))
            .build();

    AppealsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        handlers.apply(event);
    }

    /** The guards are in the statements: one that changed nothing met an event applied before. */
    private static void guarded(ConsumedEvent event, int changed) {
        if (changed == 0) {
            event.appliedBefore();
        }
    }

    private int registered(AuthorityRegistered authority) {
        return jdbc.sql("""
                        INSERT INTO appeal_authority (authority_id, name, kind, country, expected_response_days)
                        VALUES (:id, :name, :kind, :country, :days)
                        ON CONFLICT (authority_id) DO NOTHING
                        """)
                .param("id", authority.authorityId().value())
                .param("name", authority.name())
                .param("kind", authority.kind().name())
                .param("country", authority.country())
                .param("days", authority.expectedResponseDays())
                .update();
    }

    private int filed(ConsumedEvent event, AppealFiled filed) {
        return jdbc.sql("""
                        INSERT INTO appeal (appeal_id, case_id, authority_id, channel, filed_by, filed_on,
                                            response_due_on, escalated_from, last_event_at, version)
                        VALUES (:appealId, :caseId, :authorityId, :channel, :filedBy, :filedOn, :dueOn,
                                :escalatedFrom, :at, :version)
                        ON CONFLICT (appeal_id) DO NOTHING
                        """)
                .param("appealId", event.aggregateId())
                .param("caseId", filed.caseId().value())
                .param("authorityId", filed.authorityId().value())
                .param("channel", filed.channel().name())
                .param("filedBy", filed.filedBy().name())
                .param("filedOn", filed.filedOn())
                .param("dueOn", filed.responseDueOn())
                .param("escalatedFrom", filed.escalatedFrom() == null ? null : filed.escalatedFrom().value())
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .update();
    }

    private int answered(ConsumedEvent event, AppealResponseRecorded response) {
        int answers = jdbc.sql("""
                        INSERT INTO appeal_response (appeal_id, sequence, type, responded_on)
                        VALUES (:appealId, :sequence, :type, :respondedOn)
                        ON CONFLICT (appeal_id, sequence) DO NOTHING
                        """)
                .param("appealId", event.aggregateId())
                .param("sequence", event.sequence())
                .param("type", response.type().name())
                .param("respondedOn", response.respondedOn())
                .update();
        change(event, """
                first_response_type = COALESCE(first_response_type, :type),
                first_response_on   = COALESCE(first_response_on, :respondedOn)""")
                .param("type", response.type().name())
                .param("respondedOn", response.respondedOn())
                .update();
        return answers;
    }

    private StatementSpec change(ConsumedEvent event, String assignments) {
        return jdbc.sql("UPDATE appeal SET " + assignments + """
                        , last_event_at = :at, version = :version
                         WHERE appeal_id = :appealId AND version < :version
                        """)
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .param("appealId", event.aggregateId());
    }
}
