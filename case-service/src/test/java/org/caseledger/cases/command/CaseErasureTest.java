package org.caseledger.cases.command;

import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.ErasePersonalData;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.RecordTestimony;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.caseledger.cases.CaseFixtures.CASE_ID;
import static org.caseledger.cases.CaseFixtures.WIFE_TESTIMONY;
import static org.caseledger.cases.CaseFixtures.date;
import static org.caseledger.cases.CaseFixtures.detainedInCamp;

/** Erasing a subject of the case destroys their key first, then records that, with no personal data. */
class CaseErasureTest {

    static final TestimonyRecorded TESTIMONY = new TestimonyRecorded(CASE_ID, "t1",
            TestimonyGiver.named(Relation.SPOUSE, "Gulzira"), date("2019"), "ky", "He was taken.", false,
            Visibility.RESTRICTED, WIFE_TESTIMONY);
    static final RelativeLinked RELATIVE = new RelativeLinked(CASE_ID, "r1", Relation.CHILD, "Aibek", null,
            date("2019"), WIFE_TESTIMONY);

    private final DestroyedKeys keys = new DestroyedKeys();
    private AggregateTestFixture<Case> fixture;
    private final Instant now = Instant.parse("2026-03-02T10:15:30Z");

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Case.class);
        fixture.registerInjectableResource(new CountingCaseNumbers());
        fixture.registerInjectableResource(keys);
    }

    @Test
    void canEraseTheCasesPerson() {
        fixture.given(detainedInCamp())
                .when(new ErasePersonalData(CASE_ID, null, "his family is threatened", null))
                .expectEventsMatching(erasureOf(CASE_ID.value(), DataSubject.PERSON));
        assertThat(keys.destroyed).containsExactly(CASE_ID.value() + ": his family is threatened");
    }

    @Test
    void canEraseATestimonyGiverAndARelative() {
        fixture.given(detainedInCamp(), TESTIMONY, RELATIVE)
                .when(new ErasePersonalData(CASE_ID, "t1", "withdrew consent", null))
                .expectEventsMatching(erasureOf("t1", DataSubject.TESTIMONY_GIVER));
        fixture.given(detainedInCamp(), TESTIMONY, RELATIVE)
                .when(new ErasePersonalData(CASE_ID, "r1", "asked by the family", null))
                .expectEventsMatching(erasureOf("r1", DataSubject.RELATIVE));
        assertThat(keys.destroyed).containsExactly("t1: withdrew consent", "r1: asked by the family");
    }

    @Test
    void cannotEraseASubjectThatIsNotTheCases() {
        fixture.given(detainedInCamp(), TESTIMONY)
                .when(new ErasePersonalData(CASE_ID, "t2", "withdrew consent", null))
                .expectException(UnknownReference.class)
                .expectNoEvents();
        assertThat(keys.destroyed).isEmpty();
    }

    @Test
    void cannotEraseTheSameSubjectTwice() {
        fixture.given(detainedInCamp(), TESTIMONY,
                        new PersonalDataErased(CASE_ID, "t1", DataSubject.TESTIMONY_GIVER, now))
                .when(new ErasePersonalData(CASE_ID, "t1", "again", null))
                .expectException(Refusal.class)
                .expectNoEvents();
        assertThat(keys.destroyed).isEmpty();
    }

    @Test
    void caseWhosePersonWasErasedTakesNoMoreFacts() {
        fixture.given(detainedInCamp(), new PersonalDataErased(CASE_ID, CASE_ID.value(), DataSubject.PERSON, now))
                .when(new RecordTestimony(CASE_ID, "t2", TestimonyGiver.unnamed(Relation.SPOUSE), date("2021"), "ky",
                        "He was moved.", false, Visibility.RESTRICTED, WIFE_TESTIMONY, null))
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void erasingAGiverLeavesTheCaseOpen() {
        fixture.given(detainedInCamp(), TESTIMONY,
                        new PersonalDataErased(CASE_ID, "t1", DataSubject.TESTIMONY_GIVER, now))
                .when(new RecordTestimony(CASE_ID, "t2", TestimonyGiver.unnamed(Relation.SPOUSE), date("2021"), "ky",
                        "He was moved.", false, Visibility.RESTRICTED, WIFE_TESTIMONY, null))
                .expectSuccessfulHandlerExecution();
    }

    /** The one event: this subject's erasure, stamped with the moment it was recorded. */
    private static Matcher<List<Message<?>>> erasureOf(String subjectId, DataSubject subject) {
        return payloadsMatching(exactSequenceOf(predicate((PersonalDataErased erased) ->
                erased.caseId().equals(CASE_ID) && erased.subjectId().equals(subjectId) && erased.subject() == subject
                        && erased.erasedAt() != null), andNoMore()));
    }

    /** Records which keys the case destroyed, and why. */
    static final class DestroyedKeys implements SubjectKeys {
        final List<String> destroyed = new ArrayList<>();

        @Override
        public void destroy(String subjectId, String reason) {
            destroyed.add(subjectId + ": " + reason);
        }

        @Override
        public void prepare(String subjectId) {
            // the erasure tests open their cases from given events, not by a command
        }
    }
}
