package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.WhereaboutsReported;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.InSequence;
import org.caseledger.platform.kafka.KeepsSequences;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.projections.readmodels.LockedVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Keeps one row per case (the person as recorded, the status, merges, visibility) and, of each of its facts, what
 * the row needs: its kind, to name the fact that decides the status, and what it is about, to count testimonies,
 * evidence and relatives once. The timeline of the facts is a read model of its own. Of a fact that is about nothing
 * it counts, the headers say all the row needs, and its payload is not read ({@link EventHandlers.Builder#onEvent}).
 *
 * <p>Of a testimony, a relative, a piece of evidence, a correction, a merge or a visibility change it keeps plain
 * values alone (ids, the visibility), and reads those events with their personal values withheld
 * ({@link EventHandlers.Builder#onWithheld}): it asks for no testimony giver's or relative's key, and opens none of
 * their words, nor the reason given for a change.
 *
 * <p>The status is the one the case derived itself ({@link CaseStatusDerived}; the latest by sequence wins): this
 * projection does not weigh facts. Topics written before the case derived its status hold only revision-1
 * {@code DetentionReported} and {@code ReleaseRecorded}; for those alone the old rule still decides (detained since
 * the detention's date; released when the release is not dated before the current status), until a derived status
 * arrives and takes over for good.
 *
 * <p>Every change is guarded by the case's event sequence, stored as the row's version, so an event published twice
 * is applied once. Every event of an open case applied in order moves the version, even one of a type this consumer
 * does not know: the version is the case's last sequence applied, and {@link InSequence} reads it there
 * ({@link KeepsSequences}) rather than keeping it again.
 *
 * <p>In a batch (all of a poll's records) the versions of the batch's cases are read and their rows locked in
 * one statement; the rows of the cases it opens are written in one statement, the facts noted in one statement and each
 * case's last event and version written once, when the batch is finished, instead of three or four statements for every
 * record. The rows of the cases it opened are written first, and before any statement written at once, each with the
 * latest derived status and the last event the batch holds of its case by then, so that such a case's row is written
 * once rather than opened and then updated for its status and again for its version. A retraction writes the facts held
 * back first, since the fact it retracts may be one of them. Of the derived statuses the batch holds each case's latest
 * and writes them in one statement too, under the same rule as one at a time (the stored status is replaced only by a
 * later one), so the rows end as record by record. Nothing else in a batch needs the held status written first: an old
 * topic's release applies only while no status was derived, and every column it writes a derived status writes too, so
 * a held status that would have stopped it overwrites what it wrote instead; an erasure changes the person alone, a
 * retraction the facts alone, a merge or a visibility columns of their own.
 */
@Component
class CaseStatusProjection implements KeepsSequences {

    private static final Logger log = LoggerFactory.getLogger(CaseStatusProjection.class);
    /** What this projection writes and the case view reads. */
    static final List<String> TABLES = List.of("case_status", "case_fact");
    private static final String FIRST_REVISION = "1";

    private final JdbcClient jdbc;
    private final ObjectMapper json = EventJson.mapper();
    /** The batch being applied on this thread, or null outside a batch. */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();
    /**
     * An event with nothing to show (of a type this consumer does not know, or has no handler for): its case's version
     * moves past it all the same.
     */
    private final Consumer<ConsumedEvent> nothingToShow = onOpenCase(event -> {
    });
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(CaseStatusDerived.class, onOpenCase(this::statusDerived))
            .onEvent(ReleaseRecorded.class, onOpenCase(this::released))
            .onWithheld(FactCorrected.class, onOpenCase(this::corrected))
            .onWithheld(CaseMerged.class, onOpenCase((event, merged) ->
                    update(event, "merged_into = :into", "into", merged.intoCaseId().value())))
            .onWithheld(DuplicateCaseMerged.class, onOpenCase((event, duplicate) -> update(event, """
                    merged_duplicates = CASE WHEN merged_duplicates @> jsonb_build_array(CAST(:duplicate AS TEXT))
                                             THEN merged_duplicates
                                             ELSE merged_duplicates || jsonb_build_array(CAST(:duplicate AS TEXT))
                                        END""", "duplicate", duplicate.duplicateCaseId().value())))
            .onWithheld(CaseVisibilityChanged.class, onOpenCase((event, visibility) ->
                    update(event, "visibility = :visibility", "visibility", name(visibility.visibility()))))
            .onWithheld(TestimonyRecorded.class, onOpenCase((event, fact) -> fact(event, fact.testimonyId())))
            .onWithheld(RelativeLinked.class, onOpenCase((event, fact) -> fact(event, fact.relativeId())))
            .onWithheld(EvidenceAttached.class, onOpenCase((event, fact) -> fact(event, fact.evidenceId())))
            .onEvent(FurtherDetentionReported.class, onOpenCase(event -> fact(event, null)))
            .onEvent(WhereaboutsReported.class, onOpenCase(event -> fact(event, null)))
            .onEvent(ContactLost.class, onOpenCase(event -> fact(event, null)))
            .onEvent(ContactReestablished.class, onOpenCase(event -> fact(event, null)))
            .onEvent(ChargeReported.class, onOpenCase(event -> fact(event, null)))
            .onEvent(TrialReported.class, onOpenCase(event -> fact(event, null)))
            .onEvent(SentenceReported.class, onOpenCase(event -> fact(event, null)))
            .onEvent(DepartureReported.class, onOpenCase(event -> fact(event, null)))
            .onEvent(DeathReported.class, onOpenCase(event -> fact(event, null)))
            .on(PersonalDataErased.class, onOpenCase(this::erased))
            .otherwiseOnEvent(nothingToShow);

    /**
     * What a batch knows and holds back: the cases whose rows it read (and locked), the version of each of them that
     * is open, as the batch moves it; the rows of the cases it opened; the facts to note; each case's latest derived
     * status; and the moment of each case's last event applied, to be written with its version.
     */
    private record Batch(Set<String> read, Map<String, Long> versions, List<Opening> openings, List<Fact> facts,
                         Map<String, Derived> derived, Map<String, Instant> touched) {
    }

    /**
     * A case's row as its opening writes it; {@code statusSequence} is the sequence of the derived status it shows,
     * null while it shows none.
     */
    private record Opening(String caseId, long caseNumber, String name, String person, Status status,
                           Long statusSequence, Instant at, long version) {

        /** The row showing the batch's latest derived status of the case, if any, and its last event applied. */
        Opening with(Derived derived, Instant lastEventAt, long lastVersion) {
            return new Opening(caseId, caseNumber, name, person, derived == null ? status : derived.status(),
                    derived == null ? statusSequence : Long.valueOf(derived.sequence()), lastEventAt, lastVersion);
        }
    }

    /** The columns of a case's row that a status sets, as the statements write them. */
    private record Status(String status, String since, String sinceStart, String sinceEnd, String deciding,
                          String kind, String facility, String conditions, Integer termYears, Integer termMonths,
                          Boolean termLife, boolean disputed, String contradictions) {
    }

    private record Derived(String caseId, long sequence, Status status) {
    }

    private record Fact(String caseId, String eventId, String type, String subjectId) {
    }

    CaseStatusProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        batch.set(new Batch(new HashSet<>(aggregateIds),
                new HashMap<>(LockedVersions.read(jdbc, "case_status", aggregateIds)), new ArrayList<>(),
                new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
    }

    @Override
    public void finishBatch() {
        try {
            Batch current = batch.get();
            if (current != null) {
                writeOpenings(current);
                writeFacts(current);
                writeDerived(current);
                writeTouched(current);
            }
        } finally {
            batch.remove();
        }
    }

    @Override
    public void abandonBatch() {
        batch.remove();
    }

    @Override
    public boolean opensSealedValues(String type) {
        return handlers.opensSealedValues(type);
    }

    @Override
    public void apply(ConsumedEvent event) {
        if (!event.knownType()) {
            nothingToShow.accept(event);
        } else {
            handlers.apply(event);
        }
    }

    /** The versions of the cases with rows, read and locked; in a batch, as the batch holds them. */
    @Override
    public Map<String, Long> lastSequences(Collection<String> aggregateIds) {
        Batch current = batch.get();
        return current == null ? LockedVersions.read(jdbc, "case_status", aggregateIds)
                : LockedVersions.held(jdbc, "case_status", current.read(), current.versions(), aggregateIds);
    }

    /**
     * A change to a case this projection has seen opened, applied once: with the case's row locked, only when the
     * event follows what the row holds, and then moving the row to it.
     */
    private <T> BiConsumer<ConsumedEvent, T> onOpenCase(BiConsumer<ConsumedEvent, T> change) {
        return (event, payload) -> unappliedVersion(event).ifPresent(version -> {
            change.accept(event, payload);
            touch(event);
            wrote(event);
        });
    }

    /** As above, for a change that needs no more than the event's headers say (its payload is not read for it). */
    private Consumer<ConsumedEvent> onOpenCase(Consumer<ConsumedEvent> change) {
        BiConsumer<ConsumedEvent, Object> applied = onOpenCase((event, nothing) -> change.accept(event));
        return event -> applied.accept(event, null);
    }

    private void opened(ConsumedEvent event, DetentionReported detention) {
        Batch current = batch.get();
        if (current != null && current.versions().containsKey(event.aggregateId())) {
            event.appliedBefore();
            return;
        }
        Opening opening = opening(event, detention, FIRST_REVISION.equals(event.revision()));
        if (current != null && current.read().contains(event.aggregateId())) {
            // The batch read the case's row, and there was none: it is written with the batch's other openings.
            current.openings().add(opening);
            current.versions().put(event.aggregateId(), event.sequence());
            fact(event, null);
            wrote(event);
        } else if (!written(List.of(opening)).isEmpty()) {
            if (current != null) {
                current.read().add(event.aggregateId());
                current.versions().put(event.aggregateId(), event.sequence());
            }
            fact(event, null);
            wrote(event);
        } else {
            event.appliedBefore();
        }
    }

    /**
     * One line per change to a case's row, by ids only, at DEBUG: with the trace id, correlation id and actor the
     * consumer puts on it, it ties the row to the request that caused it.
     */
    private static void wrote(ConsumedEvent event) {
        log.debug("Case {} shown at version {} after {} {}", event.aggregateId(), event.sequence(), event.type(),
                event.eventId());
    }

    /**
     * Facts reported before the case derived its status decide it by the old rule, until a derived one arrives: only
     * for those is the release read.
     */
    private void released(ConsumedEvent event) {
        fact(event, null);
        if (FIRST_REVISION.equals(event.revision())) {
            event.payloadAs(ReleaseRecorded.class).ifPresent(release -> releasedBeforeStatusWasDerived(event, release));
        }
    }

    /** Notes the fact: its kind names it when it decides the status; its subject counts once. */
    private void fact(ConsumedEvent event, String subjectId) {
        Batch current = batch.get();
        if (current != null) {
            current.facts().add(new Fact(event.aggregateId(), event.eventId(), event.type(), subjectId));
            return;
        }
        jdbc.sql("""
                        INSERT INTO case_fact (case_id, event_id, type, subject_id)
                        VALUES (:caseId, :eventId, :type, :subject)
                        ON CONFLICT DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("eventId", event.eventId())
                .param("type", event.type())
                .param("subject", subjectId)
                .update();
    }

    /** The case's row as the opening writes it. */
    private Opening opening(ConsumedEvent event, DetentionReported opening, boolean beforeDerivedStatus) {
        ApproximateDate date = opening.detention() == null ? null : opening.detention().date();
        boolean dated = beforeDerivedStatus && date != null;
        Status status = new Status((beforeDerivedStatus ? CaseStatus.DETAINED : CaseStatus.UNKNOWN).name(),
                dated ? date.toString() : null, dated ? date.earliest().toString() : null,
                dated ? date.latest().toString() : null, beforeDerivedStatus ? event.eventId() : null,
                beforeDerivedStatus && opening.detention() != null ? name(opening.detention().kind()) : null,
                beforeDerivedStatus && opening.detention() != null ? toJson(opening.detention().facility()) : null,
                null, null, null, null, false, "[]");
        return new Opening(event.aggregateId(), opening.caseNumber(),
                opening.person() == null ? null : opening.person().name(), toJson(opening.person()), status, null,
                event.timestamp(), event.sequence());
    }

    /** Opens the cases' rows in one statement; returns the cases it opened, leaving out any that was open already. */
    private Set<String> written(List<Opening> openings) {
        List<Status> statuses = openings.stream().map(Opening::status).toList();
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO case_status (case_id, case_number, name, person, status, status_since,
                                                 status_since_start, status_since_end, deciding_event_id,
                                                 detention_kind, facility, release_conditions, term_years,
                                                 term_months, term_life, disputed, contradictions, status_sequence,
                                                 last_event_at, version)
                        SELECT * FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:caseNumbers AS BIGINT[]),
                                             CAST(:names AS TEXT[]), CAST(:persons AS JSONB[]),
                                             CAST(:statuses AS TEXT[]), CAST(:since AS TEXT[]),
                                             CAST(:sinceStart AS DATE[]), CAST(:sinceEnd AS DATE[]),
                                             CAST(:deciding AS TEXT[]), CAST(:kinds AS TEXT[]),
                                             CAST(:facilities AS JSONB[]), CAST(:conditions AS TEXT[]),
                                             CAST(:termYears AS INTEGER[]), CAST(:termMonths AS INTEGER[]),
                                             CAST(:termLife AS BOOLEAN[]), CAST(:disputed AS BOOLEAN[]),
                                             CAST(:contradictions AS JSONB[]), CAST(:statusSequences AS BIGINT[]),
                                             CAST(:at AS TIMESTAMPTZ[]), CAST(:versions AS BIGINT[]))
                        ON CONFLICT (case_id) DO NOTHING
                        RETURNING case_id
                        """)
                .param("caseIds", openings.stream().map(Opening::caseId).toArray(String[]::new))
                .param("caseNumbers", openings.stream().map(Opening::caseNumber).toArray(Long[]::new))
                .param("names", openings.stream().map(Opening::name).toArray(String[]::new))
                .param("persons", openings.stream().map(Opening::person).toArray(String[]::new))
                .params(statusColumns(statuses))
                .param("statusSequences", openings.stream().map(Opening::statusSequence).toArray(Long[]::new))
                .param("at", openings.stream().map(Opening::at).map(Instant::toString).toArray(String[]::new))
                .param("versions", openings.stream().map(Opening::version).toArray(Long[]::new))
                .query(String.class)
                .list());
    }

    /**
     * The rows of the cases the batch opened, in one statement, before anything else the batch writes or reads of
     * them: their facts, derived statuses, versions and any change written at once. Each row shows the latest derived
     * status and the last event the batch holds of its case, which are then no longer held: a case the batch opens is
     * written once, not opened and then updated twice. A case found open already keeps them held.
     */
    private void writeOpenings(Batch current) {
        if (current.openings().isEmpty()) {
            return;
        }
        Set<String> opened = written(current.openings().stream()
                .map(opening -> opening.with(current.derived().get(opening.caseId()),
                        current.touched().getOrDefault(opening.caseId(), opening.at()),
                        current.versions().get(opening.caseId())))
                .toList());
        current.derived().keySet().removeAll(opened);
        current.touched().keySet().removeAll(opened);
        current.openings().clear();
    }

    /** Held in a batch, the later of two of one case replacing the earlier; written at once outside one. */
    private void statusDerived(ConsumedEvent event, CaseStatusDerived derived) {
        Derived status = new Derived(event.aggregateId(), event.sequence(), status(derived));
        Batch current = batch.get();
        if (current != null) {
            current.derived().merge(event.aggregateId(), status,
                    (held, next) -> next.sequence() > held.sequence() ? next : held);
            return;
        }
        writeDerived(List.of(status));
    }

    /** The columns a derived status sets. */
    private Status status(CaseStatusDerived derived) {
        ApproximateDate since = derived.since();
        Term term = derived.term();
        return new Status(name(derived.status() == null ? CaseStatus.UNKNOWN : derived.status()),
                since == null ? null : since.toString(), since == null ? null : since.earliest().toString(),
                since == null ? null : since.latest().toString(), derived.decidingEventId(),
                name(derived.detentionKind()), toJson(derived.facility()), name(derived.releaseConditions()),
                term == null ? null : term.years(), term == null ? null : term.months(),
                term == null ? null : term.life(), derived.disputed(),
                toJson(derived.contradictions() == null ? List.of() : derived.contradictions()));
    }

    /** The statuses' columns as the arrays the statements unnest, by the names they bind. */
    private static Map<String, Object> statusColumns(List<Status> statuses) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("statuses", statuses.stream().map(Status::status).toArray(String[]::new));
        columns.put("since", statuses.stream().map(Status::since).toArray(String[]::new));
        columns.put("sinceStart", statuses.stream().map(Status::sinceStart).toArray(String[]::new));
        columns.put("sinceEnd", statuses.stream().map(Status::sinceEnd).toArray(String[]::new));
        columns.put("deciding", statuses.stream().map(Status::deciding).toArray(String[]::new));
        columns.put("kinds", statuses.stream().map(Status::kind).toArray(String[]::new));
        columns.put("facilities", statuses.stream().map(Status::facility).toArray(String[]::new));
        columns.put("conditions", statuses.stream().map(Status::conditions).toArray(String[]::new));
        columns.put("termYears", statuses.stream().map(Status::termYears).toArray(Integer[]::new));
        columns.put("termMonths", statuses.stream().map(Status::termMonths).toArray(Integer[]::new));
        columns.put("termLife", statuses.stream().map(Status::termLife).toArray(Boolean[]::new));
        columns.put("disputed", statuses.stream().map(Status::disputed).toArray(Boolean[]::new));
        columns.put("contradictions", statuses.stream().map(Status::contradictions).toArray(String[]::new));
        return columns;
    }

    private void releasedBeforeStatusWasDerived(ConsumedEvent event, ReleaseRecorded release) {
        heldOpeningsWritten();
        ApproximateDate date = release.date();
        jdbc.sql("""
                        UPDATE case_status
                           SET status             = :status,
                               release_conditions = :conditions,
                               status_since       = :since,
                               status_since_start = :sinceStart,
                               status_since_end   = :sinceEnd,
                               deciding_event_id  = :deciding
                         WHERE case_id = :caseId
                           AND status_sequence IS NULL
                           AND (status_since_start IS NULL
                                OR (status_since_start, status_since_end) <= (:sinceStart, :sinceEnd))
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

    /** A retracted fact decides nothing and counts for nothing; a correction is no fact of its own. */
    private void corrected(ConsumedEvent event, FactCorrected correction) {
        Batch current = batch.get();
        if (current != null) {
            writeOpenings(current);
            writeFacts(current);
        }
        jdbc.sql("UPDATE case_fact SET retracted = TRUE WHERE case_id = :caseId AND event_id = :eventId")
                .param("caseId", event.aggregateId())
                .param("eventId", correction.retractedEventId())
                .update();
    }

    /** The person's values become the erased placeholder; their gender, ethnicity and prefecture stay. */
    private void erased(ConsumedEvent event, PersonalDataErased erasure) {
        if (erasure.subject() != DataSubject.PERSON) {
            return;
        }
        heldOpeningsWritten();
        String person = jdbc.sql("SELECT CAST(person AS TEXT) FROM case_status WHERE case_id = :caseId")
                .param("caseId", event.aggregateId()).query(String.class).optional().orElse(null);
        String erasedPerson = null;
        if (person != null) {
            try {
                ObjectNode opening = json.createObjectNode().put("caseId", erasure.subjectId());
                opening.set("person", json.readTree(person));
                erasedPerson = json.writeValueAsString(
                        PersonalDataCodec.erase(opening, DetentionReported.class, erasure.subjectId()).get("person"));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The person of case " + event.aggregateId() + " is not readable", e);
            }
        }
        jdbc.sql("""
                        UPDATE case_status
                           SET name = CASE WHEN name IS NULL THEN NULL ELSE :erased END,
                               person = CAST(:person AS JSONB)
                         WHERE case_id = :caseId
                        """)
                .param("erased", PersonalDataCodec.ERASED)
                .param("person", erasedPerson)
                .param("caseId", event.aggregateId())
                .update();
    }

    private void update(ConsumedEvent event, String assignment, String name, String value) {
        heldOpeningsWritten();
        jdbc.sql("UPDATE case_status SET " + assignment + " WHERE case_id = :caseId")
                .param(name, value)
                .param("caseId", event.aggregateId())
                .update();
    }

    /** A statement written at once, not held in the batch, finds the rows of the cases the batch opened. */
    private void heldOpeningsWritten() {
        Batch current = batch.get();
        if (current != null) {
            writeOpenings(current);
        }
    }

    private void touch(ConsumedEvent event) {
        Batch current = batch.get();
        if (current != null) {
            current.versions().put(event.aggregateId(), event.sequence());
            current.touched().put(event.aggregateId(), event.timestamp());
            return;
        }
        jdbc.sql("UPDATE case_status SET last_event_at = :at, version = :version WHERE case_id = :caseId")
                .param("at", Timestamp.from(event.timestamp()))
                .param("version", event.sequence())
                .param("caseId", event.aggregateId())
                .update();
    }

    /**
     * The case's version, its row locked until the transaction ends, as the batch knows it or read now; empty when
     * unknown or this event was applied.
     */
    private Optional<Long> unappliedVersion(ConsumedEvent event) {
        Batch current = batch.get();
        Optional<Long> version;
        if (current != null && current.read().contains(event.aggregateId())) {
            version = Optional.ofNullable(current.versions().get(event.aggregateId()));
        } else {
            version = lockedVersion(event.aggregateId());
            if (current != null) {
                current.read().add(event.aggregateId());
                version.ifPresent(known -> current.versions().put(event.aggregateId(), known));
            }
        }
        if (version.isEmpty()) {
            log.warn("Event {} ({}) is for case {}, which this projection has not seen opened; left out",
                    event.eventId(), event.type(), event.aggregateId());
            return Optional.empty();
        }
        Optional<Long> unapplied = version.filter(shown -> shown < event.sequence());
        if (unapplied.isEmpty()) {
            event.appliedBefore();
        }
        return unapplied;
    }

    private Optional<Long> lockedVersion(String caseId) {
        return jdbc.sql("SELECT version FROM case_status WHERE case_id = :caseId FOR UPDATE")
                .param("caseId", caseId)
                .query(Long.class)
                .optional();
    }

    /** The facts the batch holds back, in one statement; one noted before (a redelivery) is left as it is. */
    private void writeFacts(Batch current) {
        List<Fact> facts = current.facts();
        if (facts.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO case_fact (case_id, event_id, type, subject_id)
                        SELECT fact.case_id, fact.event_id, fact.type, fact.subject_id
                          FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:eventIds AS TEXT[]), CAST(:types AS TEXT[]),
                                      CAST(:subjects AS TEXT[])) AS fact(case_id, event_id, type, subject_id)
                        ON CONFLICT DO NOTHING
                        """)
                .param("caseIds", facts.stream().map(Fact::caseId).toArray(String[]::new))
                .param("eventIds", facts.stream().map(Fact::eventId).toArray(String[]::new))
                .param("types", facts.stream().map(Fact::type).toArray(String[]::new))
                .param("subjects", facts.stream().map(Fact::subjectId).toArray(String[]::new))
                .update();
        facts.clear();
    }

    /** The derived statuses the batch holds, one a case, in one statement. */
    private void writeDerived(Batch current) {
        if (!current.derived().isEmpty()) {
            writeDerived(current.derived().values());
            current.derived().clear();
        }
    }

    /**
     * Derived statuses, one a case, in one statement; a row that shows a status derived later keeps it, as it would
     * have record by record.
     */
    private void writeDerived(Collection<Derived> held) {
        jdbc.sql("""
                        UPDATE case_status
                           SET status             = derived.status,
                               status_since       = derived.since,
                               status_since_start = derived.since_start,
                               status_since_end   = derived.since_end,
                               deciding_event_id  = derived.deciding_event_id,
                               detention_kind     = derived.detention_kind,
                               facility           = derived.facility,
                               release_conditions = derived.release_conditions,
                               term_years         = derived.term_years,
                               term_months        = derived.term_months,
                               term_life          = derived.term_life,
                               disputed           = derived.disputed,
                               contradictions     = derived.contradictions,
                               status_sequence    = derived.sequence
                          FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:statuses AS TEXT[]), CAST(:since AS TEXT[]),
                                      CAST(:sinceStart AS DATE[]), CAST(:sinceEnd AS DATE[]),
                                      CAST(:deciding AS TEXT[]), CAST(:kinds AS TEXT[]), CAST(:facilities AS JSONB[]),
                                      CAST(:conditions AS TEXT[]), CAST(:termYears AS INTEGER[]),
                                      CAST(:termMonths AS INTEGER[]), CAST(:termLife AS BOOLEAN[]),
                                      CAST(:disputed AS BOOLEAN[]), CAST(:contradictions AS JSONB[]),
                                      CAST(:sequences AS BIGINT[]))
                               AS derived(case_id, status, since, since_start, since_end, deciding_event_id,
                                          detention_kind, facility, release_conditions, term_years, term_months,
                                          term_life, disputed, contradictions, sequence)
                         WHERE case_status.case_id = derived.case_id
                           AND (case_status.status_sequence IS NULL OR case_status.status_sequence < derived.sequence)
                        """)
                .param("caseIds", held.stream().map(Derived::caseId).toArray(String[]::new))
                .params(statusColumns(held.stream().map(Derived::status).toList()))
                .param("sequences", held.stream().map(Derived::sequence).toArray(Long[]::new))
                .update();
    }

    /** Each case the batch changed shows its last event applied and that event's sequence as its version. */
    private void writeTouched(Batch current) {
        Map<String, Instant> touched = current.touched();
        if (touched.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE case_status
                           SET last_event_at = touched.at, version = touched.version
                          FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:at AS TIMESTAMPTZ[]), CAST(:versions AS BIGINT[]))
                               AS touched(case_id, at, version)
                         WHERE case_status.case_id = touched.case_id
                        """)
                .param("caseIds", touched.keySet().toArray(String[]::new))
                .param("at", touched.values().stream().map(Instant::toString).toArray(String[]::new))
                .param("versions", touched.keySet().stream().map(current.versions()::get).toArray(Long[]::new))
                .update();
        touched.clear();
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
}
