package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.Term;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.kafka.KeepsSequences;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keeps, per case, what the statistics count it by, and the dated facts they count over time. A case's row is
 * opened by the fact that opened the case; every later change is applied only when its event follows the row's
 * version, with the row locked, so an event published twice is counted once.
 *
 * <p>The status and whether it is disputed are the ones the case derived itself ({@link CaseStatusDerived}); this
 * projection weighs no facts for them. Of the facts it keeps, the first detention and the latest sentence are worked
 * out again from the case's own few facts whenever one of them arrives or is retracted.
 *
 * <p>The person's hometown county and birth year are personal data, sealed on the topics: an erasure leaves the
 * figures as they were counted, and a value read as the placeholder of one erased or withheld counts as unknown.
 *
 * <p>Events are applied a poll at a time (all of a poll's records; an event applied on its own is a poll of
 * one). The versions and recording moments of the poll's cases are read, and their rows locked, in one statement,
 * kept in memory as the poll's events move them and written once, when the poll is finished; the poll's facts are
 * held back and written in one statement. What is still written as its event comes is each change to what the
 * statistics count or show as of a moment: a case's status, its first detention and latest sentence, its merge, a
 * retraction. Those statements set the row's version and recording moment with the change, so the triggers that
 * count it and keep the row's versions (V21, V25, V26) see each change at its own event's moment, as they did record
 * by record, and the statistics as of a moment stay as they were. The rows of the cases a poll opens are held back
 * too, with the status each case derived at the moment it was opened, and written in one statement: a row opened
 * and changed at one moment was known only as changed, its first version replaced at that moment. The rows and facts
 * held back are written first wherever a statement reads them or changes a row (a first detention, a latest
 * sentence, a retraction, a change at a later moment). A fact written later
 * in the poll than its event counts the same: it is counted or not by its case's state when it is written, where it
 * would have been moved along by the change in between, and it carries its event's moment for its own version.
 *
 * <p>A case's version is its sequence guard ({@link KeepsSequences}): every event of the case applied in order moves
 * it, one this projection has nothing to do with or whose type it does not know too (that one moves the version alone,
 * not the moment the row is known from, since it changes nothing the statistics show), so the guard reads the versions
 * this projection reads and locks for the poll anyway rather than keeping them again in {@code applied_sequence}.
 */
@Component
class StatisticsProjection implements KeepsSequences {

    private final JdbcClient jdbc;
    /** The poll being applied on this thread, or null outside one. */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(FurtherDetentionReported.class, following((event, detention) -> {
                Detention taken = detention.detention();
                ApproximateDate date = taken == null ? null : taken.date();
                fact(event, FactKind.DETENTION, date, detention.source(), null);
                if (isCredible(detention.source()) && date != null) {
                    firstDetention(event);
                }
            }))
            .on(ReleaseRecorded.class, following((event, release) ->
                    fact(event, FactKind.RELEASE, release.date(), release.source(), null)))
            .on(DeathReported.class, following((event, death) ->
                    fact(event, FactKind.DEATH, death.date(), death.source(), null)))
            .on(SentenceReported.class, following((event, sentence) -> {
                fact(event, FactKind.SENTENCE, sentence.date(), sentence.source(), sentence.term());
                if (isCredible(sentence.source())) {
                    latestSentence(event);
                }
            }))
            .on(FactCorrected.class, following(this::corrected))
            .on(CaseStatusDerived.class, following(this::statusDerived))
            .on(CaseMerged.class, following(this::merged))
            .build();

    /**
     * What a poll knows and holds back: of each case whose row it read (and locked), the row as the poll moves it,
     * null for a case without one; the facts to write; and the rows of the cases it opened, not written yet.
     */
    private record Batch(Map<String, CaseRow> rows, List<Fact> facts, Map<String, Opening> openings) {
    }

    /**
     * A case's row as its opening gives it, held back until the poll ends or a statement needs it written. A change
     * of the case known at the same moment as the opening (the status the case derived with it: a command's events
     * are stored at one moment) is made to the row held back: as known, the case never was without it, since its
     * first version would have been replaced at that very moment, so the row is written once, with both.
     */
    private static final class Opening {
        private final Map<String, Object> columns;
        /** The moment the case is known from, its opening's. */
        private final Instant knownFrom;
        /** The sequence of the last event whose change the held row carries. */
        private long version;

        Opening(Map<String, Object> columns, Instant knownFrom, long version) {
            this.columns = columns;
            this.knownFrom = knownFrom;
            this.version = version;
        }
    }

    /** The columns of a case's row an opening writes, in the order of the statement that writes them. */
    private static final List<String> OPENED_COLUMNS = List.of("status", "disputed", "detention_kind", "facility_id",
            "facility_name", "gender", "ethnicity", "prefecture", "county", "born_from", "born_to", "first_detention",
            "first_detention_start", "first_detention_end");

    /**
     * A case's row as the poll moves it: its last event applied, the moment it is known from, and the version the
     * table holds now.
     */
    private static final class CaseRow {
        private long version;
        private Instant recordedAt;
        private long written;

        CaseRow(long version, Instant recordedAt) {
            this.version = version;
            this.recordedAt = recordedAt;
            this.written = version;
        }

        /** Never known earlier than a moment it was known at before, since a case's events are known in sequence. */
        void follow(ConsumedEvent event) {
            version = event.sequence();
            if (recordedAt == null || event.timestamp().isAfter(recordedAt)) {
                recordedAt = event.timestamp();
            }
        }
    }

    private record Fact(String caseId, String eventId, long sequence, FactKind kind, ApproximateDate date,
                        boolean credible, Term term, Instant recordedAt) {
    }

    StatisticsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        Map<String, CaseRow> rows = new HashMap<>();
        for (String caseId : aggregateIds) {
            rows.put(caseId, null);
        }
        rows.putAll(lockedRows(aggregateIds));
        batch.set(new Batch(rows, new ArrayList<>(), new LinkedHashMap<>()));
    }

    @Override
    public void finishBatch() {
        try {
            Batch current = batch.get();
            if (current != null) {
                writeOpenings(current);
                writeFacts(current);
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

    /** Within a poll, as one of its records; on its own, as a poll of one. */
    @Override
    public void apply(ConsumedEvent event) {
        if (batch.get() != null) {
            applyInBatch(event);
        } else {
            EventProjection.asBatchOfOne(this, event, () -> applyInBatch(event));
        }
    }

    /**
     * The event's change, and then its sequence on the case's row where the change did not move it there: an event
     * with no change to make here, or of a type not known here, is applied all the same.
     */
    private void applyInBatch(ConsumedEvent event) {
        handlers.apply(event);
        CaseRow row = row(event.aggregateId());
        if (row != null && row.version < event.sequence()) {
            row.version = event.sequence();
        }
    }

    /** The versions of the poll's cases as it holds them; on its own, read and locked. */
    @Override
    public Map<String, Long> lastSequences(Collection<String> aggregateIds) {
        Map<String, Long> versions = new HashMap<>();
        if (batch.get() == null) {
            lockedRows(aggregateIds).forEach((caseId, row) -> versions.put(caseId, row.version));
            return versions;
        }
        for (String caseId : aggregateIds) {
            CaseRow row = row(caseId);
            if (row != null) {
                versions.put(caseId, row.version);
            }
        }
        return versions;
    }

    /**
     * A change applied once: only to a case opened here, only when the event follows what its row holds, with the row
     * locked. The row takes the event's sequence and recording moment first, so that every state the change gives it
     * and its facts is known from then (see {@code V25__statistics_as_known.sql}).
     */
    private <T> BiConsumer<ConsumedEvent, T> following(BiConsumer<ConsumedEvent, T> change) {
        return (event, payload) -> {
            CaseRow row = row(event.aggregateId());
            if (row != null && row.version < event.sequence()) {
                row.follow(event);
                change.accept(event, payload);
            }
        };
    }

    /** The case's row as the poll holds it, read and locked now if the poll began without it; null when none. */
    private CaseRow row(String caseId) {
        Map<String, CaseRow> rows = batch.get().rows();
        if (!rows.containsKey(caseId)) {
            rows.put(caseId, lockedRows(List.of(caseId)).get(caseId));
        }
        return rows.get(caseId);
    }

    /**
     * The cases' rows, each locked until the transaction ends, in the order of their case ids as {@code LockedVersions}
     * locks a read model's rows and for the same reason, with the moment each is known from.
     */
    private Map<String, CaseRow> lockedRows(Collection<String> caseIds) {
        Map<String, CaseRow> rows = new HashMap<>();
        jdbc.sql("""
                        SELECT case_id, version, recorded_at FROM statistics_case
                         WHERE case_id = ANY(:caseIds) ORDER BY case_id FOR UPDATE""")
                .param("caseIds", caseIds.stream().sorted().toArray(String[]::new))
                .query(rs -> {
                    Timestamp recordedAt = rs.getTimestamp("recorded_at");
                    rows.put(rs.getString("case_id"), new CaseRow(rs.getLong("version"),
                            recordedAt == null ? null : recordedAt.toInstant()));
                });
        return rows;
    }

    /**
     * Opens the case's row with its first detention, which is the opening's own when that is credible and dated: the
     * row is new, so no other fact of the case is on record. The row is held back ({@link Opening}).
     */
    private void opened(ConsumedEvent event, DetentionReported opening) {
        if (row(event.aggregateId()) != null) {
            return;
        }
        Person person = opening.person();
        Birth birth = person == null ? null : person.birth();
        Integer[] born = bornBetween(birth);
        Detention detention = opening.detention();
        ApproximateDate date = detention == null ? null : detention.date();
        ApproximateDate first = isCredible(opening.source()) ? date : null;
        Map<String, Object> columns = new HashMap<>();
        columns.put("status", CaseStatus.UNKNOWN.name());
        columns.put("disputed", false);
        columns.put("gender", person == null || person.gender() == null ? null : person.gender().name());
        columns.put("ethnicity", person == null ? null : blankAsNull(person.ethnicity()));
        columns.put("prefecture", person == null || person.hometown() == null
                ? null : blankAsNull(person.hometown().prefecture()));
        columns.put("county", person == null || person.hometown() == null ? null : known(person.hometown().county()));
        columns.put("born_from", born[0]);
        columns.put("born_to", born[1]);
        columns.put("first_detention", first == null ? null : first.toString());
        columns.put("first_detention_start", first == null ? null : first.earliest());
        columns.put("first_detention_end", first == null ? null : first.latest());
        Batch current = batch.get();
        current.rows().put(event.aggregateId(), new CaseRow(event.sequence(), event.timestamp()));
        current.openings().put(event.aggregateId(), new Opening(columns, event.timestamp(), event.sequence()));
        fact(event, FactKind.DETENTION, date, opening.source(), null);
    }

    /**
     * The years the person can have been born in: the one year when a birth year is known, else the span an age range
     * allows ("in his 40s" in 2018: 1969 to 1978); nothing when neither is known or the range has no year it holds for.
     */
    static Integer[] bornBetween(Birth birth) {
        if (birth == null) {
            return new Integer[] {null, null};
        }
        if (birth.year() != null) {
            return new Integer[] {birth.year(), birth.year()};
        }
        if (birth.ageAsOfYear() == null || (birth.ageFrom() == null && birth.ageTo() == null)) {
            return new Integer[] {null, null};
        }
        int youngest = birth.ageFrom() != null ? birth.ageFrom() : birth.ageTo();
        int oldest = birth.ageTo() != null ? birth.ageTo() : birth.ageFrom();
        return new Integer[] {birth.ageAsOfYear() - Math.max(youngest, oldest),
                birth.ageAsOfYear() - Math.min(youngest, oldest)};
    }

    /** Held back until the poll is finished or a statement reads the case's facts, known from its event's moment. */
    private void fact(ConsumedEvent event, FactKind kind, ApproximateDate date, Source source, Term term) {
        Batch current = batch.get();
        current.facts().add(new Fact(event.aggregateId(), event.eventId(), event.sequence(), kind, date,
                isCredible(source), term, current.rows().get(event.aggregateId()).recordedAt));
    }

    /** A retracted fact counts for nothing: not over time, not as the first detention, not as the sentence. */
    private void corrected(ConsumedEvent event, FactCorrected correction) {
        writeFacts(batch.get());
        int retracted = jdbc.sql("""
                        UPDATE statistics_fact
                           SET retracted = TRUE, recorded_at = :recordedAt
                         WHERE case_id = :caseId AND event_id = :eventId""")
                .param("recordedAt", recordedAt(event))
                .param("caseId", event.aggregateId())
                .param("eventId", correction.retractedEventId())
                .update();
        if (retracted > 0) {
            firstDetention(event);
            latestSentence(event);
        }
    }

    /** Worked out again from the case's facts; one the poll holds back is written first. */
    private void firstDetention(ConsumedEvent event) {
        writeFacts(batch.get());
        changeCase(event, """
                (first_detention, first_detention_start, first_detention_end) =
                (SELECT fact_date, fact_start, fact_end
                   FROM statistics_fact
                  WHERE case_id = :caseId AND kind = 'DETENTION' AND credible AND NOT retracted
                    AND fact_start IS NOT NULL
                  ORDER BY fact_start, fact_end
                  LIMIT 1)""", Map.of());
    }

    /** Worked out again from the case's facts; one the poll holds back is written first. */
    private void latestSentence(ConsumedEvent event) {
        writeFacts(batch.get());
        changeCase(event, """
                (sentenced, sentence_years, sentence_months, sentence_life) =
                (SELECT count(*) > 0, (array_agg(term_years))[1], (array_agg(term_months))[1],
                        (array_agg(term_life))[1]
                   FROM (SELECT term_years, term_months, term_life
                           FROM statistics_fact
                          WHERE case_id = :caseId AND kind = 'SENTENCE' AND credible AND NOT retracted
                          ORDER BY fact_start DESC NULLS LAST, sequence DESC
                          LIMIT 1) latest)""", Map.of());
    }

    private void statusDerived(ConsumedEvent event, CaseStatusDerived derived) {
        String status = (derived.status() == null ? CaseStatus.UNKNOWN : derived.status()).name();
        String kind = derived.detentionKind() == null ? null : derived.detentionKind().name();
        String facilityId = derived.facility() == null ? null : blankAsNull(derived.facility().id());
        String facilityName = derived.facility() == null ? null : derived.facility().name();
        Opening opening = openingKnownAsOf(event);
        if (opening != null) {
            opening.version = event.sequence();
            opening.columns.put("status", status);
            opening.columns.put("disputed", derived.disputed());
            if (kind != null) {
                opening.columns.put("detention_kind", kind);
            }
            if (facilityId != null) {
                opening.columns.put("facility_id", facilityId);
                opening.columns.put("facility_name", facilityName);
            }
            return;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("status", status);
        values.put("disputed", derived.disputed());
        values.put("kind", kind);
        values.put("facilityId", facilityId);
        values.put("facilityName", facilityName);
        changeCase(event, """
                status         = :status,
                disputed       = :disputed,
                detention_kind = COALESCE(:kind, detention_kind),
                facility_id    = COALESCE(CAST(:facilityId AS VARCHAR), facility_id),
                facility_name  = CASE WHEN CAST(:facilityId AS VARCHAR) IS NULL THEN facility_name
                                      ELSE CAST(:facilityName AS TEXT) END""", values);
    }

    /**
     * The case's row held back since the poll opened it, when the event is known at the moment the case is known
     * from, so that the event's change is made to it; otherwise null, and the change is written as its own statement.
     */
    private Opening openingKnownAsOf(ConsumedEvent event) {
        Opening opening = batch.get().openings().get(event.aggregateId());
        CaseRow row = batch.get().rows().get(event.aggregateId());
        return opening != null && opening.knownFrom.equals(row.recordedAt) ? opening : null;
    }

    /** A merged duplicate is no second person: it drops out of every count, its facts with it. */
    private void merged(ConsumedEvent event, CaseMerged merged) {
        changeCase(event, "merged_into = :into", Map.of("into", merged.intoCaseId().value()));
    }

    /**
     * Changes the case's row as the event says, in the same statement as its version and recording moment, so that
     * the triggers see the change at the event's moment; the row then holds the poll's version of the case.
     *
     * @param assignments the columns set, as {@code UPDATE … SET} takes them, with {@code :caseId} for the case
     */
    private void changeCase(ConsumedEvent event, String assignments, Map<String, Object> values) {
        Batch current = batch.get();
        Opening opening = current.openings().remove(event.aggregateId());
        if (opening != null) {
            writeOpenings(current, Map.of(event.aggregateId(), opening));
        }
        CaseRow row = current.rows().get(event.aggregateId());
        JdbcClient.StatementSpec statement = jdbc.sql("UPDATE statistics_case SET " + assignments
                        + ", version = :version, recorded_at = :recordedAt WHERE case_id = :caseId")
                .param("version", row.version)
                .param("recordedAt", Timestamp.from(row.recordedAt))
                .param("caseId", event.aggregateId());
        for (Map.Entry<String, Object> value : values.entrySet()) {
            statement = statement.param(value.getKey(), value.getValue());
        }
        statement.update();
        row.written = row.version;
    }

    private Timestamp recordedAt(ConsumedEvent event) {
        return Timestamp.from(batch.get().rows().get(event.aggregateId()).recordedAt);
    }

    /** The rows of the cases the poll opened and holds back, in one statement. */
    private void writeOpenings(Batch current) {
        if (!current.openings().isEmpty()) {
            writeOpenings(current, current.openings());
            current.openings().clear();
        }
    }

    /**
     * Opens the cases' rows, each with the version and moment of the last event made to it, which its versions as
     * known start from. The poll found none of them: a row another writer opened since fails the poll on the key,
     * and the poll read again finds the row and takes the opening for one applied before.
     */
    private void writeOpenings(Batch current, Map<String, Opening> openings) {
        Map<String, String[]> columns = new LinkedHashMap<>();
        OPENED_COLUMNS.forEach(column -> columns.put(column, new String[openings.size()]));
        String[] caseIds = new String[openings.size()];
        Long[] versions = new Long[openings.size()];
        String[] knownFrom = new String[openings.size()];
        int at = 0;
        for (Map.Entry<String, Opening> opening : openings.entrySet()) {
            caseIds[at] = opening.getKey();
            versions[at] = opening.getValue().version;
            knownFrom[at] = opening.getValue().knownFrom.toString();
            for (String column : OPENED_COLUMNS) {
                Object value = opening.getValue().columns.get(column);
                columns.get(column)[at] = value == null ? null : value.toString();
            }
            at++;
        }
        JdbcClient.StatementSpec statement = jdbc.sql("""
                        INSERT INTO statistics_case (case_id, status, disputed, detention_kind, facility_id,
                                                     facility_name, gender, ethnicity, prefecture, county, born_from,
                                                     born_to, first_detention, first_detention_start,
                                                     first_detention_end, version, recorded_at)
                        SELECT * FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:status AS TEXT[]),
                                             CAST(:disputed AS BOOLEAN[]), CAST(:detention_kind AS TEXT[]),
                                             CAST(:facility_id AS TEXT[]), CAST(:facility_name AS TEXT[]),
                                             CAST(:gender AS TEXT[]), CAST(:ethnicity AS TEXT[]),
                                             CAST(:prefecture AS TEXT[]), CAST(:county AS TEXT[]),
                                             CAST(:born_from AS INTEGER[]), CAST(:born_to AS INTEGER[]),
                                             CAST(:first_detention AS TEXT[]), CAST(:first_detention_start AS DATE[]),
                                             CAST(:first_detention_end AS DATE[]), CAST(:versions AS BIGINT[]),
                                             CAST(:knownFrom AS TIMESTAMPTZ[]))
                        """)
                .param("caseIds", caseIds)
                .param("versions", versions)
                .param("knownFrom", knownFrom);
        for (Map.Entry<String, String[]> column : columns.entrySet()) {
            statement = statement.param(column.getKey(), column.getValue());
        }
        statement.update();
        for (Map.Entry<String, Opening> opening : openings.entrySet()) {
            current.rows().get(opening.getKey()).written = opening.getValue().version;
        }
    }

    /** The facts the poll holds back, in one statement; one written before (a redelivery) is left as it is. */
    private void writeFacts(Batch current) {
        List<Fact> facts = current.facts();
        if (facts.isEmpty()) {
            return;
        }
        writeOpenings(current);
        jdbc.sql("""
                        INSERT INTO statistics_fact (case_id, event_id, sequence, kind, fact_date, fact_start, fact_end,
                                                     fact_year, fact_month, credible, term_years, term_months,
                                                     term_life, recorded_at)
                        SELECT * FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:eventIds AS TEXT[]),
                                             CAST(:sequences AS BIGINT[]), CAST(:kinds AS TEXT[]),
                                             CAST(:dates AS TEXT[]), CAST(:starts AS DATE[]), CAST(:ends AS DATE[]),
                                             CAST(:years AS INTEGER[]), CAST(:months AS INTEGER[]),
                                             CAST(:credible AS BOOLEAN[]), CAST(:termYears AS INTEGER[]),
                                             CAST(:termMonths AS INTEGER[]), CAST(:termLife AS BOOLEAN[]),
                                             CAST(:recordedAt AS TIMESTAMPTZ[]))
                        ON CONFLICT (case_id, event_id) DO NOTHING
                        """)
                .param("caseIds", facts.stream().map(Fact::caseId).toArray(String[]::new))
                .param("eventIds", facts.stream().map(Fact::eventId).toArray(String[]::new))
                .param("sequences", facts.stream().map(Fact::sequence).toArray(Long[]::new))
                .param("kinds", facts.stream().map(fact -> fact.kind().name()).toArray(String[]::new))
                .param("dates", facts.stream().map(Fact::date)
                        .map(date -> date == null ? null : date.toString()).toArray(String[]::new))
                .param("starts", facts.stream().map(Fact::date)
                        .map(date -> date == null ? null : date.earliest().toString()).toArray(String[]::new))
                .param("ends", facts.stream().map(Fact::date)
                        .map(date -> date == null ? null : date.latest().toString()).toArray(String[]::new))
                .param("years", facts.stream().map(Fact::date)
                        .map(date -> date == null ? null : date.year()).toArray(Integer[]::new))
                .param("months", facts.stream().map(Fact::date)
                        .map(date -> date == null ? null : date.month()).toArray(Integer[]::new))
                .param("credible", facts.stream().map(Fact::credible).toArray(Boolean[]::new))
                .param("termYears", facts.stream().map(Fact::term)
                        .map(term -> term == null ? null : term.years()).toArray(Integer[]::new))
                .param("termMonths", facts.stream().map(Fact::term)
                        .map(term -> term == null ? null : term.months()).toArray(Integer[]::new))
                .param("termLife", facts.stream().map(Fact::term)
                        .map(term -> term == null ? null : term.life()).toArray(Boolean[]::new))
                .param("recordedAt", facts.stream().map(fact -> fact.recordedAt().toString()).toArray(String[]::new))
                .update();
        facts.clear();
    }

    /**
     * Each case the poll moved past what its row holds shows its last event's sequence and moment; no count or version
     * of a moment reads either, so no trigger but the writers' lock (V28) fires for them.
     */
    private void writeVersions(Batch current) {
        List<String> caseIds = new ArrayList<>();
        List<CaseRow> moved = new ArrayList<>();
        current.rows().forEach((caseId, row) -> {
            if (row != null && row.version > row.written) {
                caseIds.add(caseId);
                moved.add(row);
            }
        });
        if (caseIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE statistics_case
                           SET version = moved.version, recorded_at = moved.recorded_at
                          FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:versions AS BIGINT[]),
                                      CAST(:recordedAt AS TIMESTAMPTZ[])) AS moved(case_id, version, recorded_at)
                         WHERE statistics_case.case_id = moved.case_id
                        """)
                .param("caseIds", caseIds.toArray(String[]::new))
                .param("versions", moved.stream().map(row -> row.version).toArray(Long[]::new))
                .param("recordedAt", moved.stream().map(row -> row.recordedAt.toString()).toArray(String[]::new))
                .update();
        moved.forEach(row -> row.written = row.version);
    }

    /** A fact of an unnamed source counts; one whose source is judged unlikely does not. */
    private static boolean isCredible(Source source) {
        return source == null || source.isCredible();
    }

    /** A personal value as known: blank, or the placeholder of one erased or withheld, is not known. */
    private static String known(String value) {
        String text = blankAsNull(value);
        return PersonalDataCodec.ERASED.equals(text) || PersonalDataCodec.WITHHELD.equals(text) ? null : text;
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    enum FactKind {
        DETENTION,
        RELEASE,
        SENTENCE,
        DEATH
    }
}
