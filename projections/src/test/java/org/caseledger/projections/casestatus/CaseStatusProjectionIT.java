package org.caseledger.projections.casestatus;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.Contradiction;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.Visibility;
import org.caseledger.api.cases.WhereaboutsReported;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.caseledger.projections.ProjectedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case status model's apply code, driven directly with the events a consumer would hand it, against the real
 * PostgreSQL: each event kind it handles, the sequence guard, the old topics' own status rule, merges, retractions and
 * visibility, read back through the model's own query.
 */
class CaseStatusProjectionIT {

    private static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY);
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static JdbcClient jdbc;

    private final ProjectedEvents events = new ProjectedEvents();
    private CaseStatusProjection projection;
    private CaseStatusQueries queries;
    private final String caseId = CaseId.random().value();

    @BeforeAll
    static void migrate() {
        jdbc = ProjectedEvents.migratedDatabase("projections_case_status_apply");
    }

    @BeforeEach
    void setUp() {
        projection = new CaseStatusProjection(jdbc);
        queries = new CaseStatusQueries(jdbc, TransactionOperations.withoutTransaction());
    }

    @AfterEach
    void stopListening() {
        Logger logger = (Logger) LoggerFactory.getLogger(CaseStatusProjection.class);
        logger.detachAndStopAllAppenders();
        logger.setLevel(null);
    }

    @Test
    void openedCaseShowsThePersonWithNoStatusUntilTheCaseDerivesOne() {
        Person person = new Person("Nurlan Kokteubaev", List.of(), Gender.MALE, null, "Kazakh", List.of("KZ"),
                new Hometown("Zhaosu", "Ili"), null);
        long number = CASE_NUMBERS.incrementAndGet();

        projection.apply(events.of(caseId, 0, new DetentionReported(new CaseId(caseId), number, person,
                new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), WITNESS)));

        CaseStatusView shown = shown();
        assertThat(shown.caseNumber()).isEqualTo(number);
        assertThat(shown.name()).isEqualTo("Nurlan Kokteubaev");
        assertThat(shown.person()).isEqualTo(person);
        assertThat(shown.status()).isEqualTo(CaseStatus.UNKNOWN);
        assertThat(shown.statusSince()).isNull();
        assertThat(shown.decidingFact()).isNull();
        assertThat(shown.detentionKind()).isNull();
        assertThat(shown.facility()).isNull();
        assertThat(shown.version()).isZero();
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(0));
        assertThat(events.appliedBefore()).isZero();
        assertThat(jdbc.sql("SELECT status_since_start IS NULL AND status_since_end IS NULL FROM case_status "
                + "WHERE case_id = ?").param(caseId).query(Boolean.class).single())
                .as("no span of days for a status not known").isTrue();
    }

    @Test
    void openingOfAnOldTopicDecidesTheStatusByTheDetentionItself() {
        Facility facility = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");
        ConsumedEvent opening = events.ofFirstRevision(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017-11"), "Zhaosu", DetentionKind.CAMP, facility), WITNESS));

        projection.apply(opening);

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.DETAINED);
        assertThat(shown.statusSince()).isEqualTo("2017-11");
        assertThat(shown.decidingFact()).isEqualTo(new CaseStatusView.DecidingFact(opening.eventId(),
                "DetentionReported", "2017-11"));
        assertThat(shown.detentionKind()).isEqualTo(DetentionKind.CAMP);
        assertThat(shown.facility()).isEqualTo(facility);
    }

    @Test
    void oldTopicsOpeningWithoutDetentionDetailsIsShownDetainedSinceAnUnknownDate() {
        projection.apply(events.ofFirstRevision(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"), null, WITNESS)));

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.DETAINED);
        assertThat(shown.statusSince()).isNull();
        assertThat(shown.detentionKind()).isNull();
        assertThat(shown.facility()).isNull();
    }

    @Test
    void openingPublishedTwiceIsAppliedOnceAndReportedAsARedelivery() {
        DetentionReported opening = new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), new Detention(ApproximateDate.parse("2017"), "Ghulja", DetentionKind.CAMP),
                WITNESS);
        ConsumedEvent first = events.of(caseId, 0, opening);
        projection.apply(first);
        projection.apply(events.of(caseId, 1, new CaseVisibilityChanged(new CaseId(caseId), Visibility.PUBLIC,
                "family asked")));

        projection.apply(events.of(caseId, 0, opening, first.eventId()));

        assertThat(shown().version()).isEqualTo(1);
        assertThat(shown().lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(1));
        assertThat(events.appliedBefore()).isEqualTo(1);
    }

    @Test
    void derivedStatusIsShownWithEverythingItSays() {
        opened();
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2018-12"), ReleaseConditions.SURVEILLANCE, WITNESS));
        projection.apply(release);
        Facility facility = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");
        List<Contradiction> contradictions = List.of(new Contradiction(release.eventId(), "other-event",
                ApproximateDate.parse("2018-12")));

        projection.apply(events.of(caseId, 2, new CaseStatusDerived(new CaseId(caseId), CaseStatus.RELEASED,
                release.eventId(), ApproximateDate.parse("2018-12"), DetentionKind.CAMP, facility,
                ReleaseConditions.SURVEILLANCE, new Term(5, 6, false), true, contradictions)));

        CaseStatusView shown = shown();
        showsTheRelease(shown, release, facility, contradictions);
        assertThat(shown.version()).isEqualTo(2);
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(2));
    }

    @Test
    void derivedStatusThatNamesNothingLeavesTheCaseUnknownWithNothingDeciding() {
        opened();
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(new CaseId(caseId), CaseStatus.DETAINED, null,
                ApproximateDate.parse("2017"), DetentionKind.PRISON, null, null, new Term(0, 0, true), false,
                List.of())));

        projection.apply(events.of(caseId, 2, new CaseStatusDerived(new CaseId(caseId), null, null, null, null,
                null, null, null, false, null)));

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.UNKNOWN);
        assertThat(shown.statusSince()).isNull();
        assertThat(shown.decidingFact()).isNull();
        assertThat(shown.detentionKind()).isNull();
        assertThat(shown.term()).isNull();
        assertThat(shown.disputed()).isFalse();
        assertThat(shown.contradictions()).isEmpty();
    }

    @Test
    void lifeSentenceIsShownAsALifeTerm() {
        opened();
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(new CaseId(caseId), CaseStatus.SENTENCED, null,
                ApproximateDate.parse("2019"), null, null, null, new Term(0, 0, true), false, List.of())));

        assertThat(shown().term()).isEqualTo(new Term(0, 0, true));
        assertThat(shown().status()).isEqualTo(CaseStatus.SENTENCED);
    }

    @Test
    void everyFactKindIsKeptSoThatADerivedStatusCanNameIt() {
        opened();
        CaseId id = new CaseId(caseId);
        ApproximateDate date = ApproximateDate.parse("2019-04");
        List<Object> facts = List.of(
                new FurtherDetentionReported(id, new Detention(date, "Yining", DetentionKind.PRISON), WITNESS),
                new WhereaboutsReported(id, date, "Yining", null, DetentionKind.PRISON, true, WITNESS),
                new ContactLost(id, date, WITNESS),
                new ContactReestablished(id, date, WITNESS),
                new ChargeReported(id, date, "separatism", WITNESS),
                new TrialReported(id, date, "Ili court", WITNESS),
                new SentenceReported(id, date, "Ili court", new Term(7, 0, false), WITNESS),
                new DepartureReported(id, date, "KZ", WITNESS),
                new DeathReported(id, date, "in custody", true, WITNESS),
                new ReleaseRecorded(id, date, ReleaseConditions.FREE, WITNESS),
                new TestimonyRecorded(id, "testimony-1", TestimonyGiver.unnamed(Relation.SPOUSE), date, "kk",
                        "taken at night", false, null, WITNESS),
                new RelativeLinked(id, "relative-1", Relation.SIBLING, "Aigul", null, date, WITNESS),
                new EvidenceAttached(id, "evidence-1", "ab".repeat(32), "image/jpeg", "a photograph", "store/1",
                        null, date, WITNESS));
        long sequence = 1;
        for (Object fact : facts) {
            ConsumedEvent event = events.of(caseId, sequence++, fact);
            projection.apply(event);
            projection.apply(events.of(caseId, sequence++, new CaseStatusDerived(id, CaseStatus.DETAINED,
                    event.eventId(), date, null, null, null, null, false, List.of())));

            CaseStatusView shown = shown();
            assertThat(shown.decidingFact()).as(event.type()).isNotNull();
            assertThat(shown.decidingFact().type()).as(event.type()).isEqualTo(event.type());
            assertThat(shown.version()).as(event.type()).isEqualTo(sequence - 1);
        }
        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(1, 1, 1));
    }

    @Test
    void testimoniesEvidenceAndRelativesCountOnceEachAndNotOnceRetracted() {
        opened();
        CaseId id = new CaseId(caseId);
        TestimonyRecorded testimony = new TestimonyRecorded(id, "testimony-1", TestimonyGiver.unnamed(Relation.SPOUSE),
                ApproximateDate.parse("2019"), "kk", "taken at night", false, null, WITNESS);
        projection.apply(events.of(caseId, 1, testimony));
        projection.apply(events.of(caseId, 2, testimony));
        ConsumedEvent other = events.of(caseId, 3, new TestimonyRecorded(id, "testimony-2",
                TestimonyGiver.unnamed(Relation.CHILD), ApproximateDate.parse("2019"), "ug", "no word since", false,
                null, WITNESS));
        projection.apply(other);
        ConsumedEvent relative = events.of(caseId, 4, new RelativeLinked(id, "relative-1", Relation.SIBLING, "Aigul",
                null, null, WITNESS));
        projection.apply(relative);
        projection.apply(events.of(caseId, 5, new EvidenceAttached(id, "evidence-1", "ab".repeat(32), "image/jpeg",
                "a photograph", "store/1", null, null, WITNESS)));
        projection.apply(events.of(caseId, 6, new EvidenceAttached(id, "evidence-2", "cd".repeat(32), "image/jpeg",
                "a letter", "store/2", null, null, WITNESS)));
        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(2, 2, 1));

        projection.apply(events.of(caseId, 7, new FactCorrected(id, other.eventId(), "another case's", WITNESS)));
        projection.apply(events.of(caseId, 8, new FactCorrected(id, relative.eventId(), "not a relative", WITNESS)));

        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(1, 2, 0));
        assertThat(shown().version()).isEqualTo(8);
    }

    /**
     * Of a testimony, a relative, a piece of evidence, a correction and a change of visibility the model keeps ids and
     * states alone: read from the topic, they are counted and applied with their sealed values unopened, and no key
     * is asked for but the case person's, which the opening needs for the name.
     */
    @Test
    void factsOfTestimonyGiversAndRelativesAreCountedWithoutTheirKeysBeingAskedFor() {
        InMemoryDataKeys keys = new InMemoryDataKeys();
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        CaseId id = new CaseId(caseId);
        projection.apply(events.sealed(caseId, 0, new DetentionReported(id, CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP),
                WITNESS), codec));
        projection.apply(events.sealed(caseId, 1, new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.named(Relation.SPOUSE, "Raziya"), ApproximateDate.parse("2019"), "kk", "taken at night",
                false, null, WITNESS), codec));
        ConsumedEvent relative = events.sealed(caseId, 2, new RelativeLinked(id, "relative-1", Relation.SIBLING,
                "Aigul", null, null, WITNESS), codec);
        projection.apply(relative);
        projection.apply(events.sealed(caseId, 3, new EvidenceAttached(id, "evidence-1", "ab".repeat(32),
                "image/jpeg", "a photograph", "store/1", "her brother", null, WITNESS), codec));
        projection.apply(events.sealed(caseId, 4, new FactCorrected(id, relative.eventId(), "not a relative",
                WITNESS), codec));
        projection.apply(events.sealed(caseId, 5, new CaseVisibilityChanged(id, Visibility.PUBLIC,
                "the family asked for it"), codec));

        assertThat(shown().name()).isEqualTo("Gulnar");
        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(1, 1, 0));
        assertThat(shown().visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(keys.askedToOpen()).containsOnly(caseId);
        assertThat(projection.opensSealedValues("TestimonyRecorded")).isFalse();
        assertThat(projection.opensSealedValues("DetentionReported")).isTrue();
    }

    @Test
    void retractedFactNamedByADerivedStatusIsNoLongerShownAsDeciding() {
        opened();
        CaseId id = new CaseId(caseId);
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2018"),
                ReleaseConditions.FREE, WITNESS));
        projection.apply(release);
        projection.apply(events.of(caseId, 2, new FactCorrected(id, release.eventId(), "mistaken", WITNESS)));

        assertThat(jdbc.sql("SELECT retracted FROM case_fact WHERE case_id = ? AND event_id = ?")
                .params(caseId, release.eventId()).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM case_fact WHERE case_id = ? AND type = 'FactCorrected'")
                .param(caseId).query(Long.class).single()).as("a correction is no fact of its own").isZero();
    }

    @Test
    void oldTopicsReleaseReleasesTheCaseUnlessDatedBeforeTheDetention() {
        projection.apply(events.ofFirstRevision(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), WITNESS)));

        projection.apply(events.ofFirstRevision(caseId, 1, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2017"), ReleaseConditions.FREE, WITNESS)));
        assertThat(shown().status()).isEqualTo(CaseStatus.DETAINED);
        assertThat(shown().statusSince()).isEqualTo("2017-11");

        ConsumedEvent release = events.ofFirstRevision(caseId, 2, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2018-12"), ReleaseConditions.SURVEILLANCE, WITNESS));
        projection.apply(release);

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.RELEASED);
        assertThat(shown.statusSince()).isEqualTo("2018-12");
        assertThat(shown.releaseConditions()).isEqualTo(ReleaseConditions.SURVEILLANCE);
        assertThat(shown.decidingFact()).isEqualTo(new CaseStatusView.DecidingFact(release.eventId(),
                "ReleaseRecorded", "2018-12"));
        assertThat(shown.version()).isEqualTo(2);
    }

    /** Of two facts of the same month, the one reported later stands: the release is not dated before the detention. */
    @Test
    void oldTopicsReleaseOfTheDetentionsOwnMonthReleasesTheCase() {
        projection.apply(events.ofFirstRevision(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), WITNESS)));

        projection.apply(events.ofFirstRevision(caseId, 1, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2017-11"), ReleaseConditions.FREE, WITNESS)));

        assertThat(shown().status()).isEqualTo(CaseStatus.RELEASED);
    }

    @Test
    void currentReleaseLeavesTheStatusToTheCasesDerivation() {
        opened();
        projection.apply(events.of(caseId, 1, new ReleaseRecorded(new CaseId(caseId), ApproximateDate.parse("2018"),
                ReleaseConditions.FREE, WITNESS)));

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.UNKNOWN);
        assertThat(shown.releaseConditions()).isNull();
        assertThat(shown.version()).isEqualTo(1);
    }

    @Test
    void oldTopicsReleaseAfterADerivedStatusChangesNothing() {
        projection.apply(events.ofFirstRevision(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017"), "Ghulja", DetentionKind.CAMP), WITNESS)));
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(new CaseId(caseId), CaseStatus.SENTENCED, null,
                ApproximateDate.parse("2019"), null, null, null, new Term(10, 0, false), false, List.of())));

        projection.apply(events.ofFirstRevision(caseId, 2, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2020"), ReleaseConditions.FREE, WITNESS)));

        assertThat(shown().status()).isEqualTo(CaseStatus.SENTENCED);
        assertThat(shown().statusSince()).isEqualTo("2019");
    }

    /**
     * An earlier event published again after a later one was applied would take the case back to what it said: the
     * visibility it had, the version and moment of then.
     */
    @Test
    void earlierEventPublishedAgainAfterALaterOneChangesNothing() {
        opened();
        CaseVisibilityChanged madePublic = new CaseVisibilityChanged(new CaseId(caseId), Visibility.PUBLIC, "asked");
        ConsumedEvent first = events.of(caseId, 1, madePublic);
        projection.apply(first);
        projection.apply(events.of(caseId, 2, new CaseVisibilityChanged(new CaseId(caseId), Visibility.CONFIDENTIAL,
                "threats")));

        projection.apply(events.of(caseId, 1, madePublic, first.eventId()));
        projection.apply(events.of(caseId, 2, new CaseStatusDerived(new CaseId(caseId), CaseStatus.RELEASED, null,
                ApproximateDate.parse("2018"), null, null, null, null, false, List.of())));

        CaseStatusView shown = shown();
        assertThat(shown.visibility()).isEqualTo(Visibility.CONFIDENTIAL);
        assertThat(shown.status()).isEqualTo(CaseStatus.UNKNOWN);
        assertThat(shown.version()).isEqualTo(2);
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(2));
        assertThat(events.appliedBefore()).isEqualTo(2);
    }

    @Test
    void visibilityIsShownAsLastChanged() {
        opened();
        projection.apply(events.of(caseId, 1, new CaseVisibilityChanged(new CaseId(caseId), Visibility.PUBLIC,
                "asked")));
        assertThat(shown().visibility()).isEqualTo(Visibility.PUBLIC);

        projection.apply(events.of(caseId, 2, new CaseVisibilityChanged(new CaseId(caseId), null, "unsure")));

        assertThat(jdbc.sql("SELECT visibility IS NULL FROM case_status WHERE case_id = ?").param(caseId)
                .query(Boolean.class).single()).as("no visibility stated").isTrue();
    }

    @Test
    void mergedCaseNamesTheCaseItWasMergedIntoAndTheSurvivorEachDuplicateOnce() {
        opened();
        String survivor = caseId;
        String duplicate = CaseId.random().value();
        String another = CaseId.random().value();
        projection.apply(events.of(duplicate, 0, new DetentionReported(new CaseId(duplicate),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar T."), null, WITNESS)));

        projection.apply(events.of(duplicate, 1, new CaseMerged(new CaseId(duplicate), new CaseId(survivor),
                "same person")));
        projection.apply(events.of(survivor, 1, new DuplicateCaseMerged(new CaseId(survivor),
                new CaseId(duplicate), "same person")));
        projection.apply(events.of(survivor, 2, new DuplicateCaseMerged(new CaseId(survivor),
                new CaseId(duplicate), "same person, recorded again")));
        projection.apply(events.of(survivor, 3, new DuplicateCaseMerged(new CaseId(survivor),
                new CaseId(another), "same person")));

        assertThat(queries.findCase(duplicate).orElseThrow().mergedInto()).isEqualTo(survivor);
        assertThat(queries.findCase(duplicate).orElseThrow().version()).isEqualTo(1);
        assertThat(shown().mergedDuplicates()).containsExactly(duplicate, another);
        assertThat(shown().mergedInto()).isNull();
        assertThat(shown().version()).isEqualTo(3);
    }

    @Test
    void eventOfACaseNeverOpenedHereIsLeftOutAndSaysSo() {
        ListAppender<ILoggingEvent> logged = logged(Level.WARN);
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2018"), ReleaseConditions.FREE, WITNESS));

        projection.apply(release);

        assertThat(queries.findCase(caseId)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM case_fact WHERE case_id = ?").param(caseId).query(Long.class)
                .single()).isZero();
        assertThat(events.appliedBefore()).as("not a redelivery").isZero();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains(release.eventId()) && line.contains(caseId));
    }

    /**
     * Every event of an open case moves its version, one of a type this consumer does not know too: the consumer's
     * sequence guard reads each case's last sequence applied there, and a version left behind would hold every later
     * event of the case back. In a poll the versions are given as the poll holds them.
     */
    @Test
    void eventOfATypeNotKnownHereMovesTheVersionTheSequenceGuardReads() {
        String other = CaseId.random().value();
        projection.apply(events.of(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), null, WITNESS)));

        projection.apply(events.ofUnknownType(caseId, 1));
        assertThat(shown().version()).isEqualTo(1);
        assertThat(shown().lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(1));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 1L));

        projection.beginBatch(List.of(caseId, other));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 1L));
        projection.apply(events.ofUnknownType(caseId, 2));
        projection.apply(events.of(other, 0, new DetentionReported(new CaseId(other), CASE_NUMBERS.incrementAndGet(),
                new Person("Aigul"), null, WITNESS)));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 2L, other, 0L));
        projection.finishBatch();

        assertThat(shown().version()).isEqualTo(2);
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 2L, other, 0L));
        assertThat(events.appliedBefore()).isZero();
    }

    /**
     * A poll's records are applied as one batch, the facts held back until it is finished: a fact
     * retracted in the poll that reported it is found retracted all the same.
     */
    @Test
    void factRetractedInThePollThatReportedItCountsForNothing() {
        CaseId id = new CaseId(caseId);
        ConsumedEvent testimony = events.of(caseId, 1, new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.unnamed(Relation.SPOUSE), ApproximateDate.parse("2019"), "kk", "taken at night", false,
                null, WITNESS));

        projection.beginBatch(List.of(caseId));
        opened();
        projection.apply(testimony);
        projection.apply(events.of(caseId, 2, new FactCorrected(id, testimony.eventId(), "another case's", WITNESS)));
        projection.finishBatch();

        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(0, 0, 0));
        assertThat(jdbc.sql("SELECT retracted FROM case_fact WHERE case_id = ? AND event_id = ?")
                .params(caseId, testimony.eventId()).query(Boolean.class).single()).isTrue();
        assertThat(shown().version()).isEqualTo(2);
        assertThat(shown().lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(2));
    }

    /** A poll that holds an event twice, the second time after a later one, applies it once. */
    @Test
    void eventsDeliveredTwiceInOnePollAreAppliedOnce() {
        DetentionReported opening = new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), null, WITNESS);
        ConsumedEvent first = events.of(caseId, 0, opening);
        CaseVisibilityChanged madePublic = new CaseVisibilityChanged(new CaseId(caseId), Visibility.PUBLIC, "asked");
        ConsumedEvent madePublicFirst = events.of(caseId, 1, madePublic);

        projection.beginBatch(List.of(caseId));
        projection.apply(first);
        projection.apply(madePublicFirst);
        projection.apply(events.of(caseId, 2, new CaseVisibilityChanged(new CaseId(caseId), Visibility.CONFIDENTIAL,
                "threats")));
        projection.apply(events.of(caseId, 1, madePublic, madePublicFirst.eventId()));
        projection.apply(events.of(caseId, 0, opening, first.eventId()));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.visibility()).isEqualTo(Visibility.CONFIDENTIAL);
        assertThat(shown.version()).isEqualTo(2);
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(2));
        assertThat(events.appliedBefore()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM case_fact WHERE case_id = ?").param(caseId).query(Long.class)
                .single()).isEqualTo(1);
    }

    /**
     * A poll reads the versions of its cases at its start: a case opened in an earlier poll takes the poll's events,
     * one never opened here is left out and said so, as outside a batch.
     */
    @Test
    void pollTakesTheEventsOfACaseOpenedBeforeAndLeavesOutACaseNeverOpened() {
        String openedBefore = CaseId.random().value();
        projection.apply(events.of(openedBefore, 0, new DetentionReported(new CaseId(openedBefore),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"), null, WITNESS)));
        ListAppender<ILoggingEvent> logged = logged(Level.WARN);
        ConsumedEvent stray = events.of(caseId, 1, new ContactLost(new CaseId(caseId), ApproximateDate.parse("2019"),
                WITNESS));
        ConsumedEvent release = events.of(openedBefore, 1, new ReleaseRecorded(new CaseId(openedBefore),
                ApproximateDate.parse("2018"), ReleaseConditions.FREE, WITNESS));

        projection.beginBatch(List.of(openedBefore, caseId));
        projection.apply(release);
        projection.apply(stray);
        projection.apply(events.of(openedBefore, 2, new CaseStatusDerived(new CaseId(openedBefore),
                CaseStatus.RELEASED, release.eventId(), ApproximateDate.parse("2018"), null, null,
                ReleaseConditions.FREE, null, false, List.of())));
        projection.finishBatch();

        CaseStatusView shown = queries.findCase(openedBefore).orElseThrow();
        assertThat(shown.status()).isEqualTo(CaseStatus.RELEASED);
        assertThat(shown.decidingFact()).isEqualTo(new CaseStatusView.DecidingFact(release.eventId(),
                "ReleaseRecorded", "2018"));
        assertThat(shown.version()).isEqualTo(2);
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(2));
        assertThat(queries.findCase(caseId)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM case_fact WHERE case_id = ?").param(caseId).query(Long.class)
                .single()).isZero();
        assertThat(events.appliedBefore()).as("not a redelivery").isZero();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains(stray.eventId()) && line.contains(caseId));
    }

    /** A batch abandoned (its transaction rolled back) leaves nothing held back, and the next apply writes at once. */
    @Test
    void abandonedPollIsForgotten() {
        opened();
        TestimonyRecorded testimony = new TestimonyRecorded(new CaseId(caseId), "testimony-1",
                TestimonyGiver.unnamed(Relation.SPOUSE), ApproximateDate.parse("2019"), "kk", "taken at night", false,
                null, WITNESS);
        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 1, testimony));
        projection.abandonBatch();
        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(0, 0, 0));

        projection.apply(events.of(caseId, 1, testimony));

        assertThat(shown().counts()).isEqualTo(new CaseStatusView.FactCounts(1, 0, 0));
        assertThat(shown().version()).isEqualTo(1);
    }

    /** A poll holds a case's derived statuses back and writes the latest, as applying them one by one would. */
    @Test
    void laterOfTwoStatusesDerivedInOnePollIsShown() {
        opened();
        CaseId id = new CaseId(caseId);
        Facility facility = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");

        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(id, CaseStatus.DETAINED, null,
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, facility, null, null, true, List.of())));
        projection.apply(events.of(caseId, 2, new CaseStatusDerived(id, CaseStatus.SENTENCED, null,
                ApproximateDate.parse("2019-03-02"), DetentionKind.PRISON, null, null, new Term(10, 0, false), false,
                List.of())));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.SENTENCED);
        assertThat(shown.statusSince()).isEqualTo("2019-03-02");
        assertThat(shown.detentionKind()).isEqualTo(DetentionKind.PRISON);
        assertThat(shown.facility()).isNull();
        assertThat(shown.term()).isEqualTo(new Term(10, 0, false));
        assertThat(shown.disputed()).isFalse();
        assertThat(shown.version()).isEqualTo(2);
        assertThat(statusSequence()).isEqualTo(2);
    }

    /**
     * A derived status replaces only one derived earlier, whatever the row's version says: the version guards
     * against an earlier event delivered again, the status's own sequence against a row whose status was derived
     * later than its version tells (forced here, to reach the second guard).
     */
    @Test
    void statusDerivedInAPollEarlierThanTheOneShownChangesNothing() {
        opened();
        CaseId id = new CaseId(caseId);
        projection.apply(events.of(caseId, 3, new CaseStatusDerived(id, CaseStatus.RELEASED, null,
                ApproximateDate.parse("2020"), null, null, ReleaseConditions.FREE, null, false, List.of())));
        jdbc.sql("UPDATE case_status SET version = 1 WHERE case_id = ?").param(caseId).update();

        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 2, new CaseStatusDerived(id, CaseStatus.DETAINED, null,
                ApproximateDate.parse("2018"), DetentionKind.CAMP, null, null, null, false, List.of())));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.RELEASED);
        assertThat(shown.statusSince()).isEqualTo("2020");
        assertThat(shown.releaseConditions()).isEqualTo(ReleaseConditions.FREE);
        assertThat(statusSequence()).isEqualTo(3);
        assertThat(shown.version()).isEqualTo(2);
    }

    /**
     * An old topic's release after a status derived in the same poll is written before the held status, and applies
     * since no status is stored yet; the held status then overwrites all it wrote, so the case ends as record by
     * record would leave it, where the release changed nothing.
     */
    @Test
    void oldTopicsReleaseAfterAStatusDerivedInTheSamePollChangesNothing() {
        CaseId id = new CaseId(caseId);
        projection.apply(events.ofFirstRevision(caseId, 0, new DetentionReported(id, CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), new Detention(ApproximateDate.parse("2017"), "Ghulja", DetentionKind.CAMP),
                WITNESS)));

        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(id, CaseStatus.SENTENCED, null,
                ApproximateDate.parse("2019"), null, null, null, new Term(10, 0, false), false, List.of())));
        projection.apply(events.ofFirstRevision(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2020"),
                ReleaseConditions.FREE, WITNESS)));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.SENTENCED);
        assertThat(shown.statusSince()).isEqualTo("2019");
        assertThat(shown.releaseConditions()).isNull();
        assertThat(shown.decidingFact()).isNull();
        assertThat(shown.version()).isEqualTo(2);
        assertThat(statusSequence()).isEqualTo(1);
    }

    /** An erasure in the poll that derived a status keeps the person erased and the status derived. */
    @Test
    void personErasedInThePollThatDerivedAStatusStaysErased() {
        opened();
        CaseId id = new CaseId(caseId);

        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(id, CaseStatus.DETAINED, null,
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, null, null, null, false, List.of())));
        projection.apply(events.of(caseId, 2, new PersonalDataErased(id, caseId, DataSubject.PERSON,
                Instant.parse("2024-05-01T00:00:00Z"))));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.name()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(shown.person().name()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(shown.status()).isEqualTo(CaseStatus.DETAINED);
        assertThat(shown.statusSince()).isEqualTo("2017-11");
        assertThat(shown.version()).isEqualTo(2);
    }

    /**
     * A poll holds back the rows of the cases it opens and writes them in one statement; a change written at once in
     * the same poll (an erasure, which reads the person first; an old topic's release) finds the row all the same.
     */
    @Test
    void caseOpenedInAPollIsFoundByTheChangesOfThatPollWrittenAtOnce() {
        CaseId id = new CaseId(caseId);
        String other = CaseId.random().value();

        projection.beginBatch(List.of(caseId, other));
        projection.apply(events.ofFirstRevision(caseId, 0, new DetentionReported(id, CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), new Detention(ApproximateDate.parse("2017"), "Ghulja", DetentionKind.CAMP),
                WITNESS)));
        projection.apply(events.of(other, 0, new DetentionReported(new CaseId(other), CASE_NUMBERS.incrementAndGet(),
                new Person("Aynur"), null, WITNESS)));
        projection.apply(events.ofFirstRevision(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2019"),
                ReleaseConditions.FREE, WITNESS)));
        projection.apply(events.of(caseId, 2, new PersonalDataErased(id, caseId, DataSubject.PERSON,
                Instant.parse("2024-05-01T00:00:00Z"))));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.RELEASED);
        assertThat(shown.statusSince()).isEqualTo("2019");
        assertThat(shown.name()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(shown.version()).isEqualTo(2);
        assertThat(queries.findCase(other).orElseThrow().name()).isEqualTo("Aynur");
        assertThat(events.appliedBefore()).as("not a redelivery").isZero();
    }

    /**
     * A case opened in a poll is written once, with what the poll holds of it at its end: the status derived last, with
     * everything it says and its sequence, and the case's last event and version; not opened and then updated.
     */
    @Test
    void caseOpenedInAPollIsWrittenOnceWithItsLatestStatusAndLastEvent() {
        CaseId id = new CaseId(caseId);
        Facility facility = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");
        ConsumedEvent release = events.of(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                ReleaseConditions.SURVEILLANCE, WITNESS));
        List<Contradiction> contradictions = List.of(new Contradiction(release.eventId(), "other-event",
                ApproximateDate.parse("2018-12")));
        // The poll in one transaction, as its consumer applies it, on the test's one connection.
        jdbc.sql("BEGIN").update();
        long[] before = rowsWrittenInTransaction();
        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 0, new DetentionReported(id, CASE_NUMBERS.incrementAndGet(),
                new Person("Gulnar"), new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP),
                WITNESS)));
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(id, CaseStatus.DETAINED, null,
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, null, null, null, false, List.of())));
        projection.apply(release);
        projection.apply(events.of(caseId, 3, new CaseStatusDerived(id, CaseStatus.RELEASED, release.eventId(),
                ApproximateDate.parse("2018-12"), DetentionKind.CAMP, facility, ReleaseConditions.SURVEILLANCE,
                new Term(5, 6, false), true, contradictions)));
        projection.apply(events.of(caseId, 4, new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.unnamed(Relation.SPOUSE), ApproximateDate.parse("2019"), "kk", "taken at night", false,
                null, WITNESS)));
        projection.finishBatch();
        long[] after = rowsWrittenInTransaction();
        jdbc.sql("COMMIT").update();

        assertThat(after[0] - before[0]).as("rows of case_status inserted by the poll").isEqualTo(1);
        assertThat(after[1] - before[1]).as("rows of case_status updated by the poll").isZero();
        CaseStatusView shown = shown();
        assertThat(shown.name()).isEqualTo("Gulnar");
        showsTheRelease(shown, release, facility, contradictions);
        assertThat(shown.counts()).isEqualTo(new CaseStatusView.FactCounts(1, 0, 0));
        assertThat(shown.version()).isEqualTo(4);
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(4));
        assertThat(statusSequence()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT (status_since_start, status_since_end) = (DATE '2018-12-01', DATE '2018-12-31') "
                + "FROM case_status WHERE case_id = ?").param(caseId).query(Boolean.class).single())
                .as("the status's span of days").isTrue();
    }

    /**
     * A case the poll found unopened but whose row is written meanwhile (by a consumer that held the partition
     * before): the poll's opening changes nothing, and the status and version it holds are written all the same.
     */
    @Test
    void caseOpenedElsewhereDuringThePollStillTakesThePollsStatusAndVersion() throws InterruptedException {
        CaseId id = new CaseId(caseId);
        DetentionReported opening = new DetentionReported(id, CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"),
                null, WITNESS);
        ConsumedEvent first = events.of(caseId, 0, opening);

        projection.beginBatch(List.of(caseId));
        Thread elsewhere = new Thread(() -> projection.apply(first));
        elsewhere.start();
        elsewhere.join();
        projection.apply(events.of(caseId, 0, opening, first.eventId()));
        projection.apply(events.of(caseId, 1, new CaseStatusDerived(id, CaseStatus.DETAINED, null,
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, null, null, null, false, List.of())));
        projection.finishBatch();

        CaseStatusView shown = shown();
        assertThat(shown.status()).isEqualTo(CaseStatus.DETAINED);
        assertThat(shown.statusSince()).isEqualTo("2017-11");
        assertThat(shown.version()).isEqualTo(1);
        assertThat(shown.lastEventAt()).isEqualTo(ProjectedEvents.recordedAt(1));
        assertThat(statusSequence()).isEqualTo(1);
    }

    /** The line that ties a row's change to the request that caused it, by ids only. */
    @Test
    void everyChangeOfACaseIsLoggedByIdsOnly() {
        ListAppender<ILoggingEvent> logged = logged(Level.DEBUG);
        ConsumedEvent opening = events.of(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"), null, WITNESS));
        projection.apply(opening);
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(new CaseId(caseId),
                ApproximateDate.parse("2018"), ReleaseConditions.FREE, WITNESS));
        projection.apply(release);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Case " + caseId + " shown at version 0 after DetentionReported " + opening.eventId(),
                "Case " + caseId + " shown at version 1 after ReleaseRecorded " + release.eventId());
    }

    private void opened() {
        projection.apply(events.of(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), WITNESS)));
    }

    private long statusSequence() {
        return jdbc.sql("SELECT status_sequence FROM case_status WHERE case_id = ?").param(caseId).query(Long.class)
                .single();
    }

    /**
     * The rows of {@code case_status} this connection inserted and updated, as PostgreSQL counts them: in a
     * transaction they include the counts not yet reported of the transactions before, but none is reported in one.
     */
    private static long[] rowsWrittenInTransaction() {
        return jdbc.sql("SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables "
                        + "WHERE relid = CAST('case_status' AS REGCLASS)")
                .query((row, number) -> new long[] {row.getLong(1), row.getLong(2)}).single();
    }

    /**
     * The case shows the release of 2018-12 under surveillance as the status derived from it says it: deciding, at
     * the facility, with a term of five years and six months, disputed by these contradictions.
     */
    private static void showsTheRelease(CaseStatusView shown, ConsumedEvent release, Facility facility,
                                        List<Contradiction> contradictions) {
        assertThat(shown.status()).isEqualTo(CaseStatus.RELEASED);
        assertThat(shown.statusSince()).isEqualTo("2018-12");
        assertThat(shown.decidingFact()).isEqualTo(new CaseStatusView.DecidingFact(release.eventId(),
                "ReleaseRecorded", "2018-12"));
        assertThat(shown.detentionKind()).isEqualTo(DetentionKind.CAMP);
        assertThat(shown.facility()).isEqualTo(facility);
        assertThat(shown.releaseConditions()).isEqualTo(ReleaseConditions.SURVEILLANCE);
        assertThat(shown.term()).isEqualTo(new Term(5, 6, false));
        assertThat(shown.disputed()).isTrue();
        assertThat(shown.contradictions()).isEqualTo(contradictions);
    }

    private CaseStatusView shown() {
        return queries.findCase(caseId).orElseThrow();
    }

    /** What the projection logs from here on, at the given level and above, for this case alone. */
    private ListAppender<ILoggingEvent> logged(Level level) {
        Logger logger = (Logger) LoggerFactory.getLogger(CaseStatusProjection.class);
        logger.setLevel(level);
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains(caseId)) {
                    super.append(event);
                }
            }
        };
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
