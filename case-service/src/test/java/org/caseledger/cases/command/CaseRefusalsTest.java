package org.caseledger.cases.command;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.caseledger.api.cases.AcceptDuplicate;
import org.caseledger.api.cases.AttachEvidence;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.ChangeVisibility;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.CorrectFact;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.LinkRelative;
import org.caseledger.api.cases.MergeCase;
import org.caseledger.api.cases.RecordTestimony;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReportCharge;
import org.caseledger.api.cases.ReportContactReestablished;
import org.caseledger.api.cases.ReportDeath;
import org.caseledger.api.cases.ReportDeparture;
import org.caseledger.api.cases.ReportFurtherDetention;
import org.caseledger.api.cases.ReportLossOfContact;
import org.caseledger.api.cases.ReportSentence;
import org.caseledger.api.cases.ReportTrial;
import org.caseledger.api.cases.ReportWhereabouts;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.Visibility;
import org.caseledger.api.cases.WhereaboutsReported;
import org.caseledger.platform.command.Refusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.caseledger.cases.CaseFixtures.CASE_ID;
import static org.caseledger.cases.CaseFixtures.WIFE_TESTIMONY;
import static org.caseledger.cases.CaseFixtures.date;
import static org.caseledger.cases.CaseFixtures.detainedInCamp;
import static org.caseledger.cases.CaseFixtures.releaseUnderSurveillance;

/** What a case refuses whatever the fact: any write once it was merged, and corrections it cannot make. */
class CaseRefusalsTest {

    static final CaseId OTHER_CASE = new CaseId("other-case");

    private final CountingCaseNumbers numbers = new CountingCaseNumbers();
    private final PreparedKeys keys = new PreparedKeys(numbers);
    private AggregateTestFixture<Case> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Case.class);
        fixture.registerInjectableResource(numbers);
        fixture.registerInjectableResource(keys);
    }

    static Stream<Object> everyWrite() {
        return Stream.of(
                new ReportFurtherDetention(CASE_ID, new Detention(date("2021"), "Ghulja", DetentionKind.PRISON),
                        WIFE_TESTIMONY, null),
                new RecordTestimony(CASE_ID, "t9", TestimonyGiver.unnamed(Relation.SPOUSE), date("2021"), "ky",
                        "He was moved.", false, Visibility.RESTRICTED, WIFE_TESTIMONY, null),
                new ReportWhereabouts(CASE_ID, date("2021"), "Urumqi", null, DetentionKind.PRISON, true,
                        WIFE_TESTIMONY, null),
                new ReportLossOfContact(CASE_ID, date("2021"), WIFE_TESTIMONY, null),
                new ReportContactReestablished(CASE_ID, date("2021"), WIFE_TESTIMONY, null),
                new ReportCharge(CASE_ID, date("2021"), "separatism", WIFE_TESTIMONY, null),
                new ReportTrial(CASE_ID, date("2021"), "Ili Intermediate Court", WIFE_TESTIMONY, null),
                new ReportSentence(CASE_ID, date("2021"), "Ili Intermediate Court", new Term(5, 0, false),
                        WIFE_TESTIMONY, null),
                releaseUnderSurveillance(),
                new ReportDeparture(CASE_ID, date("2021"), "KZ", WIFE_TESTIMONY, null),
                new ReportDeath(CASE_ID, date("2021"), null, true, WIFE_TESTIMONY, null),
                new LinkRelative(CASE_ID, "r9", Relation.SPOUSE, null, null, date("2021"), WIFE_TESTIMONY, null),
                new AttachEvidence(CASE_ID, "e9", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "image/jpeg", null, "vault", null, date("2021"), WIFE_TESTIMONY, null),
                new CorrectFact(CASE_ID, "an-event-of-this-case", "typo", WIFE_TESTIMONY, null),
                new MergeCase(CASE_ID, new CaseId("third"), "same person", null),
                new AcceptDuplicate(CASE_ID, new CaseId("third"), "same person", null),
                new ChangeVisibility(CASE_ID, Visibility.PUBLIC, "family agreed", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWrite")
    void mergedCaseTakesNoMoreWrites(Object command) {
        fixture.given(detainedInCamp(), new CaseMerged(CASE_ID, OTHER_CASE, "duplicate"))
                .when(command)
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    static Stream<Object> factsThatSayNothingOfStatus() {
        return Stream.of(
                new TestimonyRecorded(CASE_ID, "t1", TestimonyGiver.unnamed(Relation.SPOUSE), date("2019"), "ky",
                        "He was taken.", false, Visibility.RESTRICTED, WIFE_TESTIMONY),
                new ChargeReported(CASE_ID, date("2018"), "separatism", WIFE_TESTIMONY),
                new TrialReported(CASE_ID, date("2018"), "Ili Intermediate Court", WIFE_TESTIMONY),
                new RelativeLinked(CASE_ID, "r1", Relation.CHILD, null, null, date("2019"), WIFE_TESTIMONY),
                new EvidenceAttached(CASE_ID, "e1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "image/jpeg", null, "vault", null, date("2019"), WIFE_TESTIMONY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factsThatSayNothingOfStatus")
    void factThatSaysNothingOfStatusCanBeCorrected(Object fact) {
        TestExecutor<Case> given = fixture.given(detainedInCamp(), fact);
        String factId = idOf(fact);

        given.when(new CorrectFact(CASE_ID, factId, "recorded for the wrong person", WIFE_TESTIMONY, null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void cannotKeepATestimonyGiversNameWithoutTheirConsentToRecordIt() {
        fixture.given(detainedInCamp())
                .when(new RecordTestimony(CASE_ID, "t9", new TestimonyGiver(Relation.SPOUSE, "Aigul", false),
                        date("2021"), "ky", "He was moved.", false, Visibility.RESTRICTED, WIFE_TESTIMONY, null))
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotCorrectAFactTwice() {
        ChargeReported charge = new ChargeReported(CASE_ID, date("2018"), "separatism", WIFE_TESTIMONY);
        TestExecutor<Case> given = fixture.given(detainedInCamp(), charge);
        String chargeId = idOf(charge);

        given.andGiven(new FactCorrected(CASE_ID, chargeId, "wrong person", WIFE_TESTIMONY))
                .when(new CorrectFact(CASE_ID, chargeId, "wrong person", WIFE_TESTIMONY, null))
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordReleaseWhenTheOnlyDetentionWasRetracted() {
        DetentionReported opening = detainedInCamp();
        TestExecutor<Case> given = fixture.given(opening);

        given.andGiven(new FactCorrected(CASE_ID, idOf(opening), "not him", WIFE_TESTIMONY))
                .when(releaseUnderSurveillance())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void chargeLeftOnRecordIsNoDetentionForAReleaseToEnd() {
        DetentionReported opening = detainedInCamp();
        TestExecutor<Case> given = fixture.given(opening,
                new ChargeReported(CASE_ID, date("2018"), "separatism", WIFE_TESTIMONY));

        given.andGiven(new FactCorrected(CASE_ID, idOf(opening), "not him", WIFE_TESTIMONY))
                .when(releaseUnderSurveillance())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void whereaboutsInCustodyAreADetentionForAReleaseToEnd() {
        DetentionReported opening = detainedInCamp();
        TestExecutor<Case> given = fixture.given(opening, new WhereaboutsReported(CASE_ID, date("2018-05"),
                "Urumqi No. 3", null, DetentionKind.PRISON, true, WIFE_TESTIMONY));

        given.andGiven(new FactCorrected(CASE_ID, idOf(opening), "the camp was not where he was taken", WIFE_TESTIMONY))
                .when(releaseUnderSurveillance())
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void detentionOnRecordIsWhatARecordedReleaseEnds() {
        fixture.given(detainedInCamp())
                .when(releaseUnderSurveillance())
                .expectSuccessfulHandlerExecution();
    }

    /** The identifier the fixture gave the event it was given, by which the case knows the fact. */
    private String idOf(Object given) {
        return fixture.getEventStore().readEvents(CASE_ID.value()).asStream()
                .filter(event -> event.getPayload().equals(given))
                .findFirst().orElseThrow().getIdentifier();
    }
}
