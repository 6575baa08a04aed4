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
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
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
 */
@Component
class StatisticsProjection implements EventProjection {

    private final JdbcClient jdbc;
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(FurtherDetentionReported.class, following((event, detention) -> {
                Detention taken = detention.detention();
                fact(event, FactKind.DETENTION, taken == null ? null : taken.date(), detention.source(), null);
                firstDetention(event);
            }))
            .on(ReleaseRecorded.class, following((event, release) ->
                    fact(event, FactKind.RELEASE, release.date(), release.source(), null)))
            .on(DeathReported.class, following((event, death) ->
                    fact(event, FactKind.DEATH, death.date(), death.source(), null)))
            .on(SentenceReported.class, following((event, sentence) -> {
                fact(event, FactKind.SENTENCE, sentence.date(), sentence.source(), sentence.term());
                latestSentence(event);
            }))
            .on(FactCorrected.class, following(this::corrected))
            .on(CaseStatusDerived.class, following(this::statusDerived))
            .on(CaseMerged.class, following(this::merged))
            .build();

    StatisticsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        handlers.apply(event);
    }

    /**
     * A change applied once: only to a case opened here, only when the event follows what its row holds. The row
     * takes the event's recording moment first, so that every state the change gives it and its facts is known from
     * then (see {@code V25__statistics_as_known.sql}); never earlier than a moment it was known at before, since a
     * case's events are known in sequence.
     */
    private <T> BiConsumer<ConsumedEvent, T> following(BiConsumer<ConsumedEvent, T> change) {
        return (event, payload) -> {
            boolean follows = jdbc.sql("SELECT version FROM statistics_case WHERE case_id = :caseId FOR UPDATE")
                    .param("caseId", event.aggregateId())
                    .query(Long.class)
                    .optional()
                    .filter(version -> version < event.sequence())
                    .isPresent();
            if (follows) {
                jdbc.sql("""
                                UPDATE statistics_case
                                   SET version = :version, recorded_at = greatest(recorded_at, :recordedAt)
                                 WHERE case_id = :caseId""")
                        .param("version", event.sequence())
                        .param("recordedAt", Timestamp.from(event.timestamp()))
                        .param("caseId", event.aggregateId())
                        .update();
                change.accept(event, payload);
            }
        };
    }

    private void opened(ConsumedEvent event, DetentionReported opening) {
        Person person = opening.person();
        Birth birth = person == null ? null : person.birth();
        Integer[] born = bornBetween(birth);
        boolean isNew = jdbc.sql("""
                        INSERT INTO statistics_case (case_id, status, gender, ethnicity, prefecture, county,
                                                     born_from, born_to, version, recorded_at)
                        VALUES (:caseId, :status, :gender, :ethnicity, :prefecture, :county, :bornFrom, :bornTo,
                                :version, :recordedAt)
                        ON CONFLICT (case_id) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("status", CaseStatus.UNKNOWN.name())
                .param("gender", person == null || person.gender() == null ? null : person.gender().name())
                .param("ethnicity", person == null ? null : blankAsNull(person.ethnicity()))
                .param("prefecture", person == null || person.hometown() == null
                        ? null : blankAsNull(person.hometown().prefecture()))
                .param("county", person == null || person.hometown() == null
                        ? null : known(person.hometown().county()))
                .param("bornFrom", born[0])
                .param("bornTo", born[1])
                .param("version", event.sequence())
                .param("recordedAt", Timestamp.from(event.timestamp()))
                .update() == 1;
        if (isNew) {
            Detention detention = opening.detention();
            fact(event, FactKind.DETENTION, detention == null ? null : detention.date(), opening.source(), null);
            firstDetention(event);
        }
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

    private void fact(ConsumedEvent event, FactKind kind, ApproximateDate date, Source source, Term term) {
        jdbc.sql("""
                        INSERT INTO statistics_fact (case_id, event_id, sequence, kind, fact_date, fact_start, fact_end,
                                                     fact_year, fact_month, credible, term_years, term_months,
                                                     term_life, recorded_at)
                        VALUES (:caseId, :eventId, :sequence, :kind, :date, :start, :end, :year, :month, :credible,
                                :termYears, :termMonths, :termLife,
                                (SELECT recorded_at FROM statistics_case WHERE case_id = :caseId))
                        ON CONFLICT (case_id, event_id) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("eventId", event.eventId())
                .param("sequence", event.sequence())
                .param("kind", kind.name())
                .param("date", date == null ? null : date.toString())
                .param("start", date == null ? null : date.earliest())
                .param("end", date == null ? null : date.latest())
                .param("year", date == null ? null : date.year())
                .param("month", date == null ? null : date.month())
                .param("credible", source == null || source.isCredible())
                .param("termYears", term == null ? null : term.years())
                .param("termMonths", term == null ? null : term.months())
                .param("termLife", term == null ? null : term.life())
                .update();
    }

    /** A retracted fact counts for nothing: not over time, not as the first detention, not as the sentence. */
    private void corrected(ConsumedEvent event, FactCorrected correction) {
        int retracted = jdbc.sql("""
                        UPDATE statistics_fact
                           SET retracted = TRUE,
                               recorded_at = (SELECT recorded_at FROM statistics_case WHERE case_id = :caseId)
                         WHERE case_id = :caseId AND event_id = :eventId""")
                .param("caseId", event.aggregateId())
                .param("eventId", correction.retractedEventId())
                .update();
        if (retracted > 0) {
            firstDetention(event);
            latestSentence(event);
        }
    }

    private void firstDetention(ConsumedEvent event) {
        jdbc.sql("""
                        UPDATE statistics_case
                           SET (first_detention, first_detention_start, first_detention_end) =
                               (SELECT fact_date, fact_start, fact_end
                                  FROM statistics_fact
                                 WHERE case_id = :caseId AND kind = 'DETENTION' AND credible AND NOT retracted
                                   AND fact_start IS NOT NULL
                                 ORDER BY fact_start, fact_end
                                 LIMIT 1)
                         WHERE case_id = :caseId
                        """)
                .param("caseId", event.aggregateId())
                .update();
    }

    private void latestSentence(ConsumedEvent event) {
        jdbc.sql("""
                        UPDATE statistics_case
                           SET (sentenced, sentence_years, sentence_months, sentence_life) =
                               (SELECT count(*) > 0, (array_agg(term_years))[1], (array_agg(term_months))[1],
                                       (array_agg(term_life))[1]
                                  FROM (SELECT term_years, term_months, term_life
                                          FROM statistics_fact
                                         WHERE case_id = :caseId AND kind = 'SENTENCE' AND credible AND NOT retracted
                                         ORDER BY fact_start DESC NULLS LAST, sequence DESC
                                         LIMIT 1) latest)
                         WHERE case_id = :caseId
                        """)
                .param("caseId", event.aggregateId())
                .update();
    }

    private void statusDerived(ConsumedEvent event, CaseStatusDerived derived) {
        jdbc.sql("""
                        UPDATE statistics_case
                           SET status         = :status,
                               disputed       = :disputed,
                               detention_kind = COALESCE(:kind, detention_kind),
                               facility_id    = COALESCE(CAST(:facilityId AS VARCHAR), facility_id),
                               facility_name  = CASE WHEN CAST(:facilityId AS VARCHAR) IS NULL THEN facility_name
                                                     ELSE CAST(:facilityName AS TEXT) END
                         WHERE case_id = :caseId
                        """)
                .param("status", (derived.status() == null ? CaseStatus.UNKNOWN : derived.status()).name())
                .param("disputed", derived.disputed())
                .param("kind", derived.detentionKind() == null ? null : derived.detentionKind().name())
                .param("facilityId", derived.facility() == null ? null : blankAsNull(derived.facility().id()))
                .param("facilityName", derived.facility() == null ? null : derived.facility().name())
                .param("caseId", event.aggregateId())
                .update();
    }

    /** A merged duplicate is no second person: it drops out of every count, its facts with it. */
    private void merged(ConsumedEvent event, CaseMerged merged) {
        jdbc.sql("UPDATE statistics_case SET merged_into = :into WHERE case_id = :caseId")
                .param("into", merged.intoCaseId().value())
                .param("caseId", event.aggregateId())
                .update();
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
