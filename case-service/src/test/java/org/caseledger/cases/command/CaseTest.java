package org.caseledger.cases.command;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.caseledger.api.cases.AcceptDuplicate;
import org.caseledger.api.cases.AttachEvidence;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChangeVisibility;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.CorrectFact;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.LinkRelative;
import org.caseledger.api.cases.MergeCase;
import org.caseledger.api.cases.RecordTestimony;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.ReportCharge;
import org.caseledger.api.cases.ReportContactReestablished;
import org.caseledger.api.cases.ReportDeath;
import org.caseledger.api.cases.ReportDeparture;
import org.caseledger.api.cases.ReportFurtherDetention;
import org.caseledger.api.cases.ReportLossOfContact;
import org.caseledger.api.cases.ReportSentence;
import org.caseledger.api.cases.ReportTrial;
import org.caseledger.api.cases.ReportWhereabouts;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.Visibility;
import org.caseledger.api.cases.WhereaboutsReported;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;
import org.axonframework.messaging.Message;
import org.hamcrest.CustomMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.caseledger.cases.CaseFixtures.CASE_ID;
import static org.caseledger.cases.CaseFixtures.NEIGHBOUR;
import static org.caseledger.cases.CaseFixtures.WIFE_TESTIMONY;
import static org.caseledger.cases.CaseFixtures.date;
import static org.caseledger.cases.CaseFixtures.detainedInCamp;
import static org.caseledger.cases.CaseFixtures.freedAfterSurveillance;
import static org.caseledger.cases.CaseFixtures.releaseUnderSurveillance;
import static org.caseledger.cases.CaseFixtures.releasedUnderSurveillance;
import static org.caseledger.cases.CaseFixtures.reportOfDetentionInCamp;
import static org.caseledger.cases.CaseFixtures.surveillanceLifted;
import static org.hamcrest.Matchers.equalTo;

class CaseTest {

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

    @Test
    void canOpenCaseWithReportedDetention() {
        fixture.givenNoPriorActivity()
                .when(reportOfDetentionInCamp())
                .expectEventsMatching(factThenStatus(detainedInCamp(), CaseStatus.DETAINED));
    }

    @Test
    void openingCaseAnswersTheNumberItWasGiven() {
        fixture.givenNoPriorActivity()
                .when(reportOfDetentionInCamp())
                .expectResultMessagePayload(1L);
    }

    /** The number's row stays locked until the case is stored: the key is made before, not while others wait. */
    @Test
    void openingMakesThePersonsKeyBeforeItTakesItsNumber() {
        fixture.givenNoPriorActivity()
                .when(reportOfDetentionInCamp())
                .expectSuccessfulHandlerExecution();

        assertThat(keys.numbersTakenWhenPrepared).containsExactly(entry(CASE_ID.value(), 0L));
        assertThat(numbers.taken()).isEqualTo(1);
    }

    @Test
    void canReportFurtherDetention() {
        Detention again = new Detention(date("2021-04"), "Ghulja", DetentionKind.POLICE_CUSTODY);
        fixture.given(detainedInCamp(), releasedUnderSurveillance())
                .when(new ReportFurtherDetention(CASE_ID, again, WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new FurtherDetentionReported(CASE_ID, again, WIFE_TESTIMONY),
                        CaseStatus.DETAINED));
    }

    @Test
    void factThatSaysNothingOfStatusLeavesAReadCaseAsItWas() {
        fixture.givenCommands(reportOfDetentionInCamp())
                .when(new ReportCharge(CASE_ID, date("2018-02"), "separatism", WIFE_TESTIMONY, null))
                .expectEvents(new ChargeReported(CASE_ID, date("2018-02"), "separatism", WIFE_TESTIMONY));
    }

    @Test
    void canRecordTestimonyWithoutChangingStatus() {
        TestimonyGiver wife = TestimonyGiver.unnamed(Relation.SPOUSE);
        fixture.givenCommands(reportOfDetentionInCamp())
                .when(new RecordTestimony(CASE_ID, "t1", wife, date("2019-03-02"), "ky", "He was taken at night.",
                        false, Visibility.CONFIDENTIAL, WIFE_TESTIMONY, null))
                .expectEvents(new TestimonyRecorded(CASE_ID, "t1", wife, date("2019-03-02"), "ky",
                        "He was taken at night.", false, Visibility.CONFIDENTIAL, WIFE_TESTIMONY));
    }

    @Test
    void canReportTransfer() {
        fixture.given(detainedInCamp())
                .when(new ReportWhereabouts(CASE_ID, date("2018-05"), "Urumqi No. 3", null, DetentionKind.PRISON,
                        true, WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new WhereaboutsReported(CASE_ID, date("2018-05"), "Urumqi No. 3",
                        null, DetentionKind.PRISON, true, WIFE_TESTIMONY), CaseStatus.DETAINED));
    }

    @Test
    void canReportLossOfContact() {
        fixture.given(detainedInCamp())
                .when(new ReportLossOfContact(CASE_ID, date("2018"), WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new ContactLost(CASE_ID, date("2018"), WIFE_TESTIMONY),
                        CaseStatus.MISSING));
    }

    @Test
    void canReportContactReestablished() {
        fixture.given(detainedInCamp(), new ContactLost(CASE_ID, date("2018"), WIFE_TESTIMONY))
                .when(new ReportContactReestablished(CASE_ID, date("2019"), WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new ContactReestablished(CASE_ID, date("2019"), WIFE_TESTIMONY),
                        CaseStatus.DETAINED));
    }

    @Test
    void canReportChargeAndTrialWithoutChangingStatus() {
        fixture.givenCommands(reportOfDetentionInCamp())
                .when(new ReportCharge(CASE_ID, date("2018-02"), "inciting ethnic hatred", WIFE_TESTIMONY, null))
                .expectEvents(new ChargeReported(CASE_ID, date("2018-02"), "inciting ethnic hatred", WIFE_TESTIMONY));
        fixture.givenCommands(reportOfDetentionInCamp())
                .when(new ReportTrial(CASE_ID, date("2018-06"), "Ili Intermediate Court", WIFE_TESTIMONY, null))
                .expectEvents(new TrialReported(CASE_ID, date("2018-06"), "Ili Intermediate Court", WIFE_TESTIMONY));
    }

    @Test
    void canReportSentence() {
        Term term = new Term(12, 6, false);
        fixture.given(detainedInCamp())
                .when(new ReportSentence(CASE_ID, date("2019-01"), "Ili Intermediate Court", term, WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new SentenceReported(CASE_ID, date("2019-01"),
                        "Ili Intermediate Court", term, WIFE_TESTIMONY), CaseStatus.SENTENCED));
    }

    @Test
    void canRecordReleaseOfDetainedPerson() {
        fixture.given(detainedInCamp())
                .when(releaseUnderSurveillance())
                .expectEventsMatching(factThenStatus(releasedUnderSurveillance(), CaseStatus.RELEASED));
    }

    @Test
    void canRecordLaterReleaseWhenSurveillanceIsLifted() {
        fixture.given(detainedInCamp(), releasedUnderSurveillance())
                .when(surveillanceLifted())
                .expectEventsMatching(factThenStatus(freedAfterSurveillance(), CaseStatus.RELEASED));
    }

    @Test
    void canReportDeparture() {
        fixture.given(detainedInCamp(), releasedUnderSurveillance())
                .when(new ReportDeparture(CASE_ID, date("2019-08"), "Kyrgyzstan", WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new DepartureReported(CASE_ID, date("2019-08"), "Kyrgyzstan",
                        WIFE_TESTIMONY), CaseStatus.LEFT_COUNTRY));
    }

    @Test
    void canReportDeath() {
        fixture.given(detainedInCamp())
                .when(new ReportDeath(CASE_ID, date("2020-01"), "died in custody; body not returned", true,
                        WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new DeathReported(CASE_ID, date("2020-01"),
                        "died in custody; body not returned", true, WIFE_TESTIMONY), CaseStatus.DECEASED));
    }

    @Test
    void canLinkRelativeWithTheirOwnCase() {
        fixture.given(detainedInCamp())
                .when(new LinkRelative(CASE_ID, "r1", Relation.SIBLING, "Aibek", OTHER_CASE, date("2019"),
                        WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new RelativeLinked(CASE_ID, "r1", Relation.SIBLING, "Aibek",
                        OTHER_CASE, date("2019"), WIFE_TESTIMONY), CaseStatus.DETAINED));
    }

    @Test
    void canAttachEvidence() {
        String sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        fixture.given(detainedInCamp())
                .when(new AttachEvidence(CASE_ID, "ev1", sha256, "image/jpeg", "detention notice", "vault A/17",
                        "volunteer 4", date("2019-03"), WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(new EvidenceAttached(CASE_ID, "ev1", sha256, "image/jpeg",
                        "detention notice", "vault A/17", "volunteer 4", date("2019-03"), WIFE_TESTIMONY),
                        CaseStatus.DETAINED));
    }

    @Test
    void canMergeDuplicateIntoAnotherCase() {
        fixture.given(detainedInCamp())
                .when(new MergeCase(CASE_ID, OTHER_CASE, "same person, two spellings", null))
                .expectEvents(new CaseMerged(CASE_ID, OTHER_CASE, "same person, two spellings"));
    }

    @Test
    void canAcceptDuplicateMergedIntoIt() {
        fixture.given(detainedInCamp())
                .when(new AcceptDuplicate(CASE_ID, OTHER_CASE, "same person", null))
                .expectEvents(new DuplicateCaseMerged(CASE_ID, OTHER_CASE, "same person"));
    }

    @Test
    void canChangeVisibility() {
        fixture.given(detainedInCamp())
                .when(new ChangeVisibility(CASE_ID, Visibility.PUBLIC, "family agreed to publish", null))
                .expectEvents(new CaseVisibilityChanged(CASE_ID, Visibility.PUBLIC, "family agreed to publish"));
    }

    @Test
    void contradictingReportOfTheSameMonthMarksCaseDisputedInsteadOfBeingRejected() {
        fixture.given(detainedInCamp(), releasedUnderSurveillance())
                .when(new ReportWhereabouts(CASE_ID, date("2018-12"), "still in the camp", null, DetentionKind.CAMP,
                        false, NEIGHBOUR, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        equalTo((Object) new WhereaboutsReported(CASE_ID, date("2018-12"), "still in the camp", null,
                                DetentionKind.CAMP, false, NEIGHBOUR)),
                        derivedStatus("a disputed status with one contradiction",
                                derived -> derived.disputed() && derived.contradictions().size() == 1))));
    }

    @Test
    void cannotRecordReleaseForUnknownCase() {
        fixture.givenNoPriorActivity()
                .when(releaseUnderSurveillance())
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void cannotWriteToMergedCase() {
        fixture.given(detainedInCamp(), new CaseMerged(CASE_ID, OTHER_CASE, "duplicate"))
                .when(releaseUnderSurveillance())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotMergeCaseThatWasAlreadyMerged() {
        fixture.given(detainedInCamp(), new CaseMerged(CASE_ID, OTHER_CASE, "duplicate"))
                .when(new AcceptDuplicate(CASE_ID, new CaseId("third"), "same person", null))
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotCorrectAnEventThatIsNotAFactOfTheCase() {
        fixture.given(detainedInCamp())
                .when(new CorrectFact(CASE_ID, "not-an-event-of-this-case", "typo", WIFE_TESTIMONY, null))
                .expectException(UnknownReference.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordFactDatedAfterTheDeath() {
        fixture.given(detainedInCamp(), new DeathReported(CASE_ID, date("2019-05"), null, true, WIFE_TESTIMONY))
                .when(surveillanceLifted())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void canStillRecordTestimonyEvidenceAndRelativesAfterTheDeath() {
        TestimonyGiver son = TestimonyGiver.unnamed(Relation.CHILD);
        fixture.given(detainedInCamp(), new DeathReported(CASE_ID, date("2019-05"), null, true, WIFE_TESTIMONY))
                .when(new RecordTestimony(CASE_ID, "t2", son, date("2020-01"), "ug", "We were told in 2020.", false,
                        Visibility.RESTRICTED, WIFE_TESTIMONY, null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void canRecordFactDatedBeforeTheDeathThatWasReportedLate() {
        fixture.given(detainedInCamp(), new DeathReported(CASE_ID, date("2019-05"), null, true, WIFE_TESTIMONY))
                .when(new ReportSentence(CASE_ID, date("2018-10"), null, new Term(5, 0, false), WIFE_TESTIMONY, null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(factThenStatus(new SentenceReported(CASE_ID, date("2018-10"), null,
                        new Term(5, 0, false), WIFE_TESTIMONY), CaseStatus.DECEASED));
    }

    @Test
    void deathReportedByAnUnlikelySourceBlocksNothing() {
        fixture.given(detainedInCamp(), new DeathReported(CASE_ID, date("2019-05"), null, false,
                        new Source(SourceType.OTHER, Reliability.UNLIKELY, "rumour")))
                .when(surveillanceLifted())
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void correctingTheReleaseReadsTheStatusAgainWithoutIt() {
        TestExecutor<Case> given = fixture.givenCommands(reportOfDetentionInCamp(), releaseUnderSurveillance());
        String releaseId = idOf(ReleaseRecorded.class);

        given.when(new CorrectFact(CASE_ID, releaseId, "she was moved, not released", WIFE_TESTIMONY, null))
                .expectEventsMatching(factThenStatus(
                        new FactCorrected(CASE_ID, releaseId, "she was moved, not released", WIFE_TESTIMONY),
                        CaseStatus.DETAINED));
    }

    static Stream<Arguments> factsThatSayNothingOfStatus() {
        TestimonyGiver wife = TestimonyGiver.unnamed(Relation.SPOUSE);
        String sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        return Stream.of(
                Arguments.of(new RecordTestimony(CASE_ID, "t1", wife, date("2019"), "ky", "He was taken.", false,
                                Visibility.RESTRICTED, WIFE_TESTIMONY, null),
                        new TestimonyRecorded(CASE_ID, "t1", wife, date("2019"), "ky", "He was taken.", false,
                                Visibility.RESTRICTED, WIFE_TESTIMONY)),
                Arguments.of(new ReportCharge(CASE_ID, date("2018"), "separatism", WIFE_TESTIMONY, null),
                        new ChargeReported(CASE_ID, date("2018"), "separatism", WIFE_TESTIMONY)),
                Arguments.of(new ReportTrial(CASE_ID, date("2018"), "Ili Intermediate Court", WIFE_TESTIMONY, null),
                        new TrialReported(CASE_ID, date("2018"), "Ili Intermediate Court", WIFE_TESTIMONY)),
                Arguments.of(new LinkRelative(CASE_ID, "r1", Relation.CHILD, null, null, date("2019"), WIFE_TESTIMONY,
                                null),
                        new RelativeLinked(CASE_ID, "r1", Relation.CHILD, null, null, date("2019"), WIFE_TESTIMONY)),
                Arguments.of(new AttachEvidence(CASE_ID, "e1", sha256, "image/jpeg", null, "vault", null, date("2019"),
                                WIFE_TESTIMONY, null),
                        new EvidenceAttached(CASE_ID, "e1", sha256, "image/jpeg", null, "vault", null, date("2019"),
                                WIFE_TESTIMONY)));
    }

    /**
     * A history stored before the case derived its status has no reading; projections keep their old rule for it
     * until one arrives. The next fact of any kind brings it, even one that says nothing of the status itself.
     */
    @ParameterizedTest(name = "{1}")
    @MethodSource("factsThatSayNothingOfStatus")
    void caseRecordedBeforeItDerivedItsStatusIsReadWithItsNextFact(Object command, Object fact) {
        fixture.given(detainedInCamp())
                .when(command)
                .expectEventsMatching(factThenStatus(fact, CaseStatus.DETAINED));
    }

    /** The identifier the fixture gave the one event of that type on record, by which the case knows the fact. */
    private String idOf(Class<?> type) {
        return fixture.getEventStore().readEvents(CASE_ID.value()).asStream()
                .filter(event -> type.isInstance(event.getPayload()))
                .findFirst().orElseThrow().getIdentifier();
    }

    private static Matcher<List<Message<?>>> factThenStatus(Object fact, CaseStatus status) {
        return payloadsMatching(exactSequenceOf(
                equalTo(fact),
                derivedStatus("status " + status, derived -> derived.status() == status)));
    }

    private static Matcher<Object> derivedStatus(String description, Predicate<CaseStatusDerived> expected) {
        return new CustomMatcher<>(description) {
            @Override
            public boolean matches(Object payload) {
                return payload instanceof CaseStatusDerived derived && expected.test(derived);
            }
        };
    }
}
