package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.Term;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.projections.casestatus.TimelineFact.RetractedFact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * Keeps one row per case (the person as recorded, the status, merges, visibility) and a timeline of its facts.
 *
 * <p>The status is the one the case derived itself ({@link CaseStatusDerived}; the latest by sequence wins): this
 * projection does not weigh facts. Topics written before the case derived its status hold only revision-1
 * {@code DetentionReported} and {@code ReleaseRecorded}; for those alone the old rule still decides (detained since
 * the detention's date; released when the release is not dated before the current status), until a derived status
 * arrives and takes over for good.
 *
 * <p>Every change is guarded by the case's event sequence, stored as the row's version, so an event published twice
 * is applied once.
 */
@Component
class CaseStatusProjection implements EventProjection {

    private static final Logger log = LoggerFactory.getLogger(CaseStatusProjection.class);
    private static final String FIRST_REVISION = "1";

    private final JdbcClient jdbc;
    private final ObjectMapper json = EventJson.mapper();

    CaseStatusProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        if (event.payload().isEmpty()) {
            return;
        }
        Object payload = event.payload().get();
        if (payload instanceof DetentionReported detention) {
            if (opened(event, detention)) {
                appendToTimeline(event, TimelineFact.of(detention));
            }
            return;
        }
        Optional<CaseRow> row = lockedRow(event);
        if (row.isEmpty()) {
            return;
        }
        if (payload instanceof CaseStatusDerived derived) {
            statusDerived(event, derived);
        } else if (payload instanceof ReleaseRecorded release && FIRST_REVISION.equals(event.revision())
                && row.get().statusSequence() == null) {
            releasedBeforeStatusWasDerived(event, release, row.get());
        } else if (payload instanceof FactCorrected correction) {
            corrected(event, correction);
        } else if (payload instanceof CaseMerged merged) {
            update(event, "merged_into = :into", "into", merged.intoCaseId().value());
        } else if (payload instanceof DuplicateCaseMerged duplicate) {
            update(event, """
                    merged_duplicates = CASE WHEN merged_duplicates @> jsonb_build_array(CAST(:duplicate AS TEXT))
                                             THEN merged_duplicates
                                             ELSE merged_duplicates || jsonb_build_array(CAST(:duplicate AS TEXT))
                                        END""",
                    "duplicate", duplicate.duplicateCaseId().value());
        } else if (payload instanceof CaseVisibilityChanged visibility) {
            update(event, "visibility = :visibility", "visibility", name(visibility.visibility()));
        }
        if (!(payload instanceof FactCorrected)) {
            appendToTimeline(event, TimelineFact.of(payload));
        }
        touch(event);
    }

    /** Opens the case's row; false when it was open already, i.e. this event was applied before. */
    private boolean opened(ConsumedEvent event, DetentionReported opening) {
        boolean beforeDerivedStatus = FIRST_REVISION.equals(event.revision());
        ApproximateDate date = opening.detention() == null ? null : opening.detention().date();
        return jdbc.sql("""
                        INSERT INTO case_status (case_id, case_number, name, person, status, status_since,
                                                 status_since_start, status_since_end, deciding_event_id,
                                                 detention_kind, facility, last_event_at, version)
                        VALUES (:caseId, :caseNumber, :name, CAST(:person AS JSONB), :status, :since,
                                :sinceStart, :sinceEnd, :deciding, :kind, CAST(:facility AS JSONB), :at, :version)
                        ON CONFLICT (case_id) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("caseNumber", opening.caseNumber())
                .param("name", opening.person() == null ? null : opening.person().name())
                .param("person", toJson(opening.person()))
                .param("status", (beforeDerivedStatus ? CaseStatus.DETAINED : CaseStatus.UNKNOWN).name())
                .param("since", beforeDerivedStatus && date != null ? date.toString() : null)
                .param("sinceStart", beforeDerivedStatus && date != null ? date.earliest() : null)
                .param("sinceEnd", beforeDerivedStatus && date != null ? date.latest() : null)
                .param("deciding", beforeDerivedStatus ? event.eventId() : null)
                .param("kind", beforeDerivedStatus && opening.detention() != null
                        ? name(opening.detention().kind()) : null)
                .param("facility", beforeDerivedStatus && opening.detention() != null
                        ? toJson(opening.detention().facility()) : null)
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .update() == 1;
    }

    private void statusDerived(ConsumedEvent event, CaseStatusDerived derived) {
        ApproximateDate since = derived.since();
        Term term = derived.term();
        jdbc.sql("""
                        UPDATE case_status
                           SET status             = :status,
                               status_since       = :since,
                               status_since_start = :sinceStart,
                               status_since_end   = :sinceEnd,
                               deciding_event_id  = :deciding,
                               detention_kind     = :kind,
                               facility           = CAST(:facility AS JSONB),
                               release_conditions = :conditions,
                               term_years         = :termYears,
                               term_months        = :termMonths,
                               term_life          = :termLife,
                               disputed           = :disputed,
                               contradictions     = CAST(:contradictions AS JSONB),
                               status_sequence    = :sequence
                         WHERE case_id = :caseId
                           AND (status_sequence IS NULL OR status_sequence < :sequence)
                        """)
                .param("status", name(derived.status() == null ? CaseStatus.UNKNOWN : derived.status()))
                .param("since", since == null ? null : since.toString())
                .param("sinceStart", since == null ? null : since.earliest())
                .param("sinceEnd", since == null ? null : since.latest())
                .param("deciding", derived.decidingEventId())
                .param("kind", name(derived.detentionKind()))
                .param("facility", toJson(derived.facility()))
                .param("conditions", name(derived.releaseConditions()))
                .param("termYears", term == null ? null : term.years())
                .param("termMonths", term == null ? null : term.months())
                .param("termLife", term == null ? null : term.life())
                .param("disputed", derived.disputed())
                .param("contradictions", toJson(derived.contradictions() == null ? List.of() : derived.contradictions()))
                .param("sequence", event.sequence())
                .param("caseId", event.aggregateId())
                .update();
    }

    private void releasedBeforeStatusWasDerived(ConsumedEvent event, ReleaseRecorded release, CaseRow row) {
        ApproximateDate date = release.date();
        if (row.statusSince() != null && row.statusSince().compareTo(date) > 0) {
            return;
        }
        jdbc.sql("""
                        UPDATE case_status
                           SET status             = :status,
                               release_conditions = :conditions,
                               status_since       = :since,
                               status_since_start = :sinceStart,
                               status_since_end   = :sinceEnd,
                               deciding_event_id  = :deciding
                         WHERE case_id = :caseId
                        """)
                .param("status", CaseStatus.RELEASED.name())
                .param("conditions", name(release.conditions()))
                .param("since", date.toString())
                .param("sinceStart", date.earliest())
                .param("sinceEnd", date.latest())
                .param("deciding", event.eventId())
                .param("caseId", event.aggregateId())
                .update();
    }

    /** The retracted fact stays on the timeline, marked; a fact is retracted by its first correction. */
    private void corrected(ConsumedEvent event, FactCorrected correction) {
        Optional<RetractedFact> retracted = jdbc.sql("""
                        SELECT type, fact_date FROM case_timeline WHERE case_id = :caseId AND event_id = :eventId
                        """)
                .param("caseId", event.aggregateId())
                .param("eventId", correction.retractedEventId())
                .query((rs, n) -> new RetractedFact(rs.getString("type"), rs.getString("fact_date")))
                .optional();
        if (retracted.isEmpty()) {
            log.warn("Correction {} of case {} retracts event {}, which is not on the case's timeline",
                    event.eventId(), event.aggregateId(), correction.retractedEventId());
        }
        jdbc.sql("""
                        UPDATE case_timeline
                           SET retracted_by = :correction, retraction_reason = :reason
                         WHERE case_id = :caseId AND event_id = :eventId AND retracted_by IS NULL
                        """)
                .param("correction", event.eventId())
                .param("reason", correction.reason())
                .param("caseId", event.aggregateId())
                .param("eventId", correction.retractedEventId())
                .update();
        appendToTimeline(event, Optional.of(TimelineFact.correction(correction, retracted)));
    }

    private void update(ConsumedEvent event, String assignment, String name, String value) {
        jdbc.sql("UPDATE case_status SET " + assignment + " WHERE case_id = :caseId")
                .param(name, value)
                .param("caseId", event.aggregateId())
                .update();
    }

    private void appendToTimeline(ConsumedEvent event, Optional<TimelineFact> entry) {
        entry.ifPresent(fact -> {
            Source source = fact.source();
            jdbc.sql("""
                            INSERT INTO case_timeline (case_id, sequence, event_id, type, fact_date, source_type,
                                                       source_reliability, source_reference, recorded_by,
                                                       recorded_at, summary, subject_id)
                            VALUES (:caseId, :sequence, :eventId, :type, :date, :sourceType, :reliability,
                                    :reference, :recordedBy, :at, :summary, :subject)
                            ON CONFLICT DO NOTHING
                            """)
                    .param("caseId", event.aggregateId())
                    .param("sequence", event.sequence())
                    .param("eventId", event.eventId())
                    .param("type", event.type())
                    .param("date", fact.date() == null ? null : fact.date().toString())
                    .param("sourceType", source == null ? null : name(source.type()))
                    .param("reliability", source == null ? null : name(source.reliability()))
                    .param("reference", source == null ? null : source.reference())
                    .param("recordedBy", event.recordedBy().orElse(null))
                    .param("at", Timestamp.from(event.timestamp()))
                    .param("summary", fact.summary())
                    .param("subject", fact.subjectId())
                    .update();
        });
    }

    private void touch(ConsumedEvent event) {
        jdbc.sql("UPDATE case_status SET last_event_at = :at, version = :version WHERE case_id = :caseId")
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .param("caseId", event.aggregateId())
                .update();
    }

    /** The case's row, locked until the transaction ends; empty when unknown or when this event was applied. */
    private Optional<CaseRow> lockedRow(ConsumedEvent event) {
        Optional<CaseRow> row = jdbc.sql("""
                        SELECT status_since, status_sequence, version FROM case_status
                         WHERE case_id = :caseId FOR UPDATE
                        """)
                .param("caseId", event.aggregateId())
                .query((rs, n) -> new CaseRow(
                        rs.getString("status_since") == null ? null : ApproximateDate.parse(rs.getString("status_since")),
                        rs.getObject("status_sequence", Long.class),
                        rs.getLong("version")))
                .optional();
        if (row.isEmpty()) {
            log.warn("Event {} ({}) is for case {}, which this projection has not seen opened; left out",
                    event.eventId(), event.type(), event.aggregateId());
            return Optional.empty();
        }
        return row.filter(current -> current.version() < event.sequence());
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private record CaseRow(ApproximateDate statusSince, Long statusSequence, long version) {
    }
}
