package org.caseledger.projections.casestatus;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Optional;

/**
 * Keeps one row per case with its current status. The latest-dated fact decides the status (on equal dates the one
 * recorded last); an older fact reported late changes nothing here. Every change is guarded by the case's event
 * sequence, so an event published twice is applied once.
 */
@Component
class CaseStatusProjection implements EventProjection {

    private static final Logger log = LoggerFactory.getLogger(CaseStatusProjection.class);

    private final JdbcClient jdbc;

    CaseStatusProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        event.payloadAs(DetentionReported.class).ifPresent(detention -> opened(event, detention));
        event.payloadAs(ReleaseRecorded.class).ifPresent(release -> released(event, release));
    }

    private void opened(ConsumedEvent event, DetentionReported detention) {
        ApproximateDate date = detention.detention().date();
        jdbc.sql("""
                        INSERT INTO case_status (case_id, case_number, name, status, status_since,
                                                 status_since_start, status_since_end, detention_kind,
                                                 release_conditions, last_event_at, version)
                        VALUES (:caseId, :caseNumber, :name, :status, :since, :sinceStart, :sinceEnd, :kind,
                                NULL, :at, :version)
                        ON CONFLICT (case_id) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("caseNumber", detention.caseNumber())
                .param("name", detention.person().name())
                .param("status", CaseStatus.DETAINED.name())
                .param("since", date.toString())
                .param("sinceStart", date.earliest())
                .param("sinceEnd", date.latest())
                .param("kind", detention.detention().kind().name())
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .update();
    }

    private void released(ConsumedEvent event, ReleaseRecorded release) {
        Optional<StatusDate> current = currentStatusDate(event);
        if (current.isEmpty()) {
            return;
        }
        ApproximateDate date = release.date();
        boolean decides = current.get().isNotLaterThan(date);
        jdbc.sql("""
                        UPDATE case_status
                           SET status             = CASE WHEN :decides THEN :status ELSE status END,
                               release_conditions = CASE WHEN :decides THEN :conditions ELSE release_conditions END,
                               status_since       = CASE WHEN :decides THEN :since ELSE status_since END,
                               status_since_start = CASE WHEN :decides THEN :sinceStart ELSE status_since_start END,
                               status_since_end   = CASE WHEN :decides THEN :sinceEnd ELSE status_since_end END,
                               last_event_at      = :at,
                               version            = :version
                         WHERE case_id = :caseId
                        """)
                .param("decides", decides)
                .param("status", CaseStatus.RELEASED.name())
                .param("conditions", release.conditions().name())
                .param("since", date.toString())
                .param("sinceStart", date.earliest())
                .param("sinceEnd", date.latest())
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .param("caseId", event.aggregateId())
                .update();
    }

    /** The date of the fact that decides the status now, unless this event was applied already. */
    private Optional<StatusDate> currentStatusDate(ConsumedEvent event) {
        Optional<StatusDate> row = jdbc.sql("""
                        SELECT status_since, version FROM case_status WHERE case_id = :caseId FOR UPDATE
                        """)
                .param("caseId", event.aggregateId())
                .query((rs, n) -> new StatusDate(ApproximateDate.parse(rs.getString("status_since")),
                        rs.getLong("version")))
                .optional();
        if (row.isEmpty()) {
            log.warn("Event {} ({}) is for case {}, which this projection has not seen opened; left out",
                    event.eventId(), event.type(), event.aggregateId());
            return Optional.empty();
        }
        return row.filter(status -> status.version() < event.sequence());
    }

    private record StatusDate(ApproximateDate date, long version) {

        boolean isNotLaterThan(ApproximateDate other) {
            return date.compareTo(other) <= 0;
        }
    }
}
