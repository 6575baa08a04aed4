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
import org.caseledger.platform.kafka.KeepsSequences;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.projections.readmodels.LockedVersions;
import org.caseledger.projections.timeline.TimelineFact.RetractedFact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every fact of every case on a timeline, in recording order: what it says in a line, its date, its source and
 * who recorded it; of a testimony and a relative also their personal data, apart (timeline_detail), and of the case
 * its visibility, by which the timeline is redacted when read. A correction is an entry of its own and marks the fact
 * it retracts, which stays. An event is applied only when it follows the last one of its case applied here, so an event
 * published twice is applied once. Every event applied in order moves its case's version, one of a type this consumer
 * does not know too, so the version is the case's last sequence applied, which {@code InSequence} reads there
 * ({@link KeepsSequences}).
 *
 * <p>In a batch (all of a poll's records) the versions of the batch's cases are read and locked in one
 * statement, and the entries, the details and each case's version written in one statement each when the batch is
 * finished, instead of two or three statements for every record. A correction and an erasure, which read or change
 * what is on the timeline, write what the batch holds back first.
 */
@Component
class TimelineProjection implements KeepsSequences {

    private static final Logger log = LoggerFactory.getLogger(TimelineProjection.class);
    /** What this projection writes and the timeline reads. */
    static final List<String> TABLES = List.of("timeline_case", "timeline_entry", "timeline_detail");

    private final JdbcClient jdbc;
    /** The batch being applied on this thread, or null outside a batch. */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();
    private final EventHandlers handlers = EventHandlers.builder()
            .on(FactCorrected.class, this::corrected)
            .on(TestimonyRecorded.class, this::testimony)
            .on(RelativeLinked.class, this::relative)
            .on(CaseVisibilityChanged.class, this::visibilityChanged)
            .on(PersonalDataErased.class, this::erased)
            .otherwise((event, payload) -> TimelineFact.of(payload).ifPresent(fact -> append(event, fact)));

    /**
     * What a batch knows and holds back: the cases whose versions it read (and locked), the version of each case
     * applied here as the batch moves it, the cases it moved, and the entries and details to write.
     */
    private record Batch(Set<String> read, Map<String, Long> versions, Set<String> moved, List<Entry> entries,
                         List<Detail> details) {
    }

    private record Entry(ConsumedEvent event, TimelineFact fact) {
    }

    private record Detail(String caseId, String eventId, String relation, String name, String language, String text,
                          String visibility) {
    }

    TimelineProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        batch.set(new Batch(new HashSet<>(aggregateIds),
                new HashMap<>(LockedVersions.read(jdbc, "timeline_case", aggregateIds)), new LinkedHashSet<>(),
                new ArrayList<>(), new ArrayList<>()));
    }

    @Override
    public void finishBatch() {
        try {
            Batch current = batch.get();
            if (current != null) {
                writeHeldBack(current);
                writeVersions(current);
            }
        } finally {
            batch.remove();
        }
    }

    @Override
    public void abandonBatch() {
        batch.remove();
    }

    /**
     * Applies an event once: only when it follows the last event of its case applied here. One of a type not known here
     * shows nothing, but moves the version.
     */
    @Override
    public void apply(ConsumedEvent event) {
        if (appliedAlready(event)) {
            return;
        }
        handlers.apply(event);
        Batch current = batch.get();
        if (current != null) {
            current.versions().put(event.aggregateId(), event.sequence());
            current.moved().add(event.aggregateId());
            return;
        }
        jdbc.sql("""
                        INSERT INTO timeline_case (case_id, version) VALUES (:caseId, :version)
                        ON CONFLICT (case_id) DO UPDATE SET version = :version
                        """)
                .param("caseId", event.aggregateId())
                .param("version", event.sequence())
                .update();
    }

    /** The versions of the cases with a row, read and locked; in a batch, as the batch holds them. */
    @Override
    public Map<String, Long> lastSequences(Collection<String> aggregateIds) {
        Batch current = batch.get();
        return current == null ? LockedVersions.read(jdbc, "timeline_case", aggregateIds)
                : LockedVersions.held(jdbc, "timeline_case", current.read(), current.versions(), aggregateIds);
    }

    private boolean appliedAlready(ConsumedEvent event) {
        Batch current = batch.get();
        Optional<Long> version;
        if (current != null && current.read().contains(event.aggregateId())) {
            version = Optional.ofNullable(current.versions().get(event.aggregateId()));
        } else {
            version = jdbc.sql("SELECT version FROM timeline_case WHERE case_id = :caseId FOR UPDATE")
                    .param("caseId", event.aggregateId())
                    .query(Long.class)
                    .optional();
            if (current != null) {
                current.read().add(event.aggregateId());
                version.ifPresent(known -> current.versions().put(event.aggregateId(), known));
            }
        }
        boolean applied = version.filter(known -> known >= event.sequence()).isPresent();
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
        Batch current = batch.get();
        if (current != null) {
            current.details().add(new Detail(event.aggregateId(), event.eventId(),
                    relation == null ? null : relation.name(), name, language, text,
                    visibility == null ? null : visibility.name()));
            return;
        }
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
        writeHeldBack();
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
        writeHeldBack();
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
        Batch current = batch.get();
        if (current != null) {
            current.entries().add(new Entry(event, fact));
            return;
        }
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

    private void writeHeldBack() {
        Batch current = batch.get();
        if (current != null) {
            writeHeldBack(current);
        }
    }

    /**
     * The entries and details the batch holds back, in one statement each; one written before (a redelivery) is left
     * as it is.
     */
    private void writeHeldBack(Batch current) {
        List<Entry> entries = current.entries();
        if (!entries.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO timeline_entry (case_id, sequence, event_id, type, fact_date, source_type,
                                                        source_reliability, source_reference, recorded_by,
                                                        recorded_at, summary, subject_id)
                            SELECT * FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:sequences AS BIGINT[]),
                                                 CAST(:eventIds AS TEXT[]), CAST(:types AS TEXT[]),
                                                 CAST(:dates AS TEXT[]), CAST(:sourceTypes AS TEXT[]),
                                                 CAST(:reliabilities AS TEXT[]), CAST(:references AS TEXT[]),
                                                 CAST(:recordedBy AS TEXT[]), CAST(:at AS TIMESTAMPTZ[]),
                                                 CAST(:summaries AS TEXT[]), CAST(:subjects AS TEXT[]))
                            ON CONFLICT DO NOTHING
                            """)
                    .param("caseIds", entries.stream().map(entry -> entry.event().aggregateId())
                            .toArray(String[]::new))
                    .param("sequences", entries.stream().map(entry -> entry.event().sequence()).toArray(Long[]::new))
                    .param("eventIds", entries.stream().map(entry -> entry.event().eventId()).toArray(String[]::new))
                    .param("types", entries.stream().map(entry -> entry.event().type()).toArray(String[]::new))
                    .param("dates", entries.stream().map(entry -> entry.fact().date() == null ? null
                            : entry.fact().date().toString()).toArray(String[]::new))
                    .param("sourceTypes", entries.stream().map(entry -> entry.fact().source() == null ? null
                            : entry.fact().source().type().name()).toArray(String[]::new))
                    .param("reliabilities", entries.stream().map(entry -> entry.fact().source() == null
                            || entry.fact().source().reliability() == null ? null
                            : entry.fact().source().reliability().name()).toArray(String[]::new))
                    .param("references", entries.stream().map(entry -> entry.fact().source() == null ? null
                            : entry.fact().source().reference()).toArray(String[]::new))
                    .param("recordedBy", entries.stream().map(entry -> entry.event().recordedBy().orElse(null))
                            .toArray(String[]::new))
                    .param("at", entries.stream().map(entry -> entry.event().timestamp().toString())
                            .toArray(String[]::new))
                    .param("summaries", entries.stream().map(entry -> entry.fact().summary()).toArray(String[]::new))
                    .param("subjects", entries.stream().map(entry -> entry.fact().subjectId()).toArray(String[]::new))
                    .update();
            entries.clear();
        }
        List<Detail> details = current.details();
        if (!details.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO timeline_detail (case_id, event_id, relation, name, language, text, visibility)
                            SELECT * FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:eventIds AS TEXT[]),
                                                 CAST(:relations AS TEXT[]), CAST(:names AS TEXT[]),
                                                 CAST(:languages AS TEXT[]), CAST(:texts AS TEXT[]),
                                                 CAST(:visibilities AS TEXT[]))
                            ON CONFLICT DO NOTHING
                            """)
                    .param("caseIds", details.stream().map(Detail::caseId).toArray(String[]::new))
                    .param("eventIds", details.stream().map(Detail::eventId).toArray(String[]::new))
                    .param("relations", details.stream().map(Detail::relation).toArray(String[]::new))
                    .param("names", details.stream().map(Detail::name).toArray(String[]::new))
                    .param("languages", details.stream().map(Detail::language).toArray(String[]::new))
                    .param("texts", details.stream().map(Detail::text).toArray(String[]::new))
                    .param("visibilities", details.stream().map(Detail::visibility).toArray(String[]::new))
                    .update();
            details.clear();
        }
    }

    /** Each case the batch moved, at the sequence of its last event applied; its visibility stays as it is. */
    private void writeVersions(Batch current) {
        if (current.moved().isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO timeline_case (case_id, version)
                        SELECT * FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:versions AS BIGINT[]))
                        ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version
                        """)
                .param("caseIds", current.moved().toArray(String[]::new))
                .param("versions", current.moved().stream().map(current.versions()::get).toArray(Long[]::new))
                .update();
        current.moved().clear();
    }
}
