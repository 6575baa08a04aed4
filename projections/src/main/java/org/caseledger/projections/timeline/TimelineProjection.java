package org.caseledger.projections.timeline;

import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.api.cases.Source;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.projections.timeline.TimelineFact.RetractedFact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every fact of every case on a timeline, in recording order: what it says in a line, its date, its source and
 * who recorded it; of a testimony and a relative also their personal data, apart (timeline_detail), and of the case
 * its visibility, by which the timeline is redacted when read. A correction is an entry of its own and marks the fact it retracts, which stays. An event is applied
 * only when it follows the last one of its case applied here, so an event published twice is applied once.
 */
@Component
class TimelineProjection implements EventProjection {

    private static final Logger log = LoggerFactory.getLogger(TimelineProjection.class);
    /** What this projection writes and the timeline reads. */
    static final List<String> TABLES = List.of("timeline_case", "timeline_entry", "timeline_detail");

    private final JdbcClient jdbc;
    private final EventHandlers handlers = EventHandlers.builder()
            .on(FactCorrected.class, this::corrected)
            .on(TestimonyRecorded.class, this::testimony)
            .on(RelativeLinked.class, this::relative)
            .on(CaseVisibilityChanged.class, this::visibilityChanged)
            .on(PersonalDataErased.class, this::erased)
            .otherwise((event, payload) -> TimelineFact.of(payload).ifPresent(fact -> append(event, fact)));

    TimelineProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies an event once: only when it follows the last event of its case applied here. */
    @Override
    public void apply(ConsumedEvent event) {
        if (event.payload().isEmpty() || appliedAlready(event)) {
            return;
        }
        handlers.apply(event);
        jdbc.sql("""
                        INSERT INTO timeline_case (case_id, version) VALUES (:caseId, :version)
                        ON CONFLICT (case_id) DO UPDATE SET version = :version
                        """)
                .param("caseId", event.aggregateId())
                .param("version", event.sequence())
                .update();
    }

    private boolean appliedAlready(ConsumedEvent event) {
        boolean applied = jdbc.sql("SELECT version FROM timeline_case WHERE case_id = :caseId FOR UPDATE")
                .param("caseId", event.aggregateId())
                .query(Long.class)
                .optional()
                .filter(version -> version >= event.sequence())
                .isPresent();
        if (applied) {
            event.appliedBefore();
        }
        return applied;
    }

    private void testimony(ConsumedEvent event, TestimonyRecorded testimony) {
        appendFact(event, testimony);
        detail(event, testimony.givenBy() == null ? null : testimony.givenBy().relation(),
                testimony.givenBy() == null ? null : testimony.givenBy().name(), testimony.language(),
                testimony.summary(), testimony.visibility());
    }

    private void relative(ConsumedEvent event, RelativeLinked relative) {
        appendFact(event, relative);
        detail(event, relative.relation(), relative.name(), null, null, null);
    }

    private void visibilityChanged(ConsumedEvent event, CaseVisibilityChanged change) {
        appendFact(event, change);
        jdbc.sql("""
                        INSERT INTO timeline_case (case_id, version, visibility) VALUES (:caseId, :version, :visibility)
                        ON CONFLICT (case_id) DO UPDATE SET visibility = :visibility
                        """)
                .param("caseId", event.aggregateId())
                .param("version", event.sequence())
                .param("visibility", change.visibility() == null ? null : change.visibility().name())
                .update();
    }

    private void appendFact(ConsumedEvent event, Object payload) {
        TimelineFact.of(payload).ifPresent(fact -> append(event, fact));
    }

    /** The personal data of a testimony or a relative, kept apart from the summary, which must carry none. */
    private void detail(ConsumedEvent event, Relation relation, String name, String language, String text,
                        Visibility visibility) {
        jdbc.sql("""
                        INSERT INTO timeline_detail (case_id, event_id, relation, name, language, text, visibility)
                        VALUES (:caseId, :eventId, :relation, :name, :language, :text, :visibility)
                        ON CONFLICT DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("eventId", event.eventId())
                .param("relation", relation == null ? null : relation.name())
                .param("name", name)
                .param("language", language)
                .param("text", text)
                .param("visibility", visibility == null ? null : visibility.name())
                .update();
    }

    /** The retracted fact stays on the timeline, marked; a fact is retracted by its first correction. */
    private void corrected(ConsumedEvent event, FactCorrected correction) {
        Optional<RetractedFact> retracted = jdbc.sql("""
                        SELECT type, fact_date FROM timeline_entry WHERE case_id = :caseId AND event_id = :eventId
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
                        UPDATE timeline_entry
                           SET retracted_by = :correction, retraction_reason = :reason
                         WHERE case_id = :caseId AND event_id = :eventId AND retracted_by IS NULL
                        """)
                .param("correction", event.eventId())
                .param("reason", correction.reason())
                .param("caseId", event.aggregateId())
                .param("eventId", correction.retractedEventId())
                .update();
        append(event, TimelineFact.correction(correction, retracted));
    }

    /**
     * The subject's values on the case's timeline become the erased placeholder: for the case's person the sources'
     * references, the reasons of retractions, the testimonies' texts, and the free text that summaries of evidence,
     * merges, visibility changes and corrections end with; for a testimony giver or a relative their name.
     */
    private void erased(ConsumedEvent event, PersonalDataErased erasure) {
        String placeholder = PersonalDataCodec.ERASED;
        if (erasure.subject() == DataSubject.PERSON) {
            jdbc.sql("""
                            UPDATE timeline_entry
                               SET source_reference = CASE WHEN source_reference IS NULL THEN NULL ELSE :erased END,
                                   retraction_reason = CASE WHEN retraction_reason IS NULL THEN NULL ELSE :erased END,
                                   summary = CASE WHEN type IN ('EvidenceAttached', 'CaseMerged', 'DuplicateCaseMerged',
                                                                'CaseVisibilityChanged', 'FactCorrected')
                                                   AND strpos(summary, ': ') > 0
                                                  THEN split_part(summary, ': ', 1) || ': ' || :erased
                                                  ELSE summary END
                             WHERE case_id = :caseId
                            """)
                    .param("erased", placeholder).param("caseId", event.aggregateId()).update();
            jdbc.sql("UPDATE timeline_detail SET text = :erased WHERE case_id = :caseId AND text IS NOT NULL")
                    .param("erased", placeholder).param("caseId", event.aggregateId()).update();
        } else {
            jdbc.sql("""
                            UPDATE timeline_detail detail SET name = :erased
                              FROM timeline_entry entry
                             WHERE entry.case_id = detail.case_id AND entry.event_id = detail.event_id
                               AND detail.case_id = :caseId AND entry.subject_id = :subject AND detail.name IS NOT NULL
                            """)
                    .param("erased", placeholder).param("caseId", event.aggregateId())
                    .param("subject", erasure.subjectId()).update();
        }
        TimelineFact.of(erasure).ifPresent(fact -> append(event, fact));
    }

    private void append(ConsumedEvent event, TimelineFact fact) {
        Source source = fact.source();
        jdbc.sql("""
                        INSERT INTO timeline_entry (case_id, sequence, event_id, type, fact_date, source_type,
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
                .param("sourceType", source == null ? null : source.type().name())
                .param("reliability", source == null || source.reliability() == null ? null
                        : source.reliability().name())
                .param("reference", source == null ? null : source.reference())
                .param("recordedBy", event.recordedBy().orElse(null))
                .param("at", Timestamp.from(event.timestamp()))
                .param("summary", fact.summary())
                .param("subject", fact.subjectId())
                .update();
    }
}
