package org.caseledger.appeals.command;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealOutcome;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.CloseAppeal;
import org.caseledger.api.appeals.EscalateAppeal;
import org.caseledger.api.appeals.FileAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.RecordFollowUp;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.CaseId;
import org.caseledger.appeals.command.CaseRegister.CaseStanding;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.caseledger.appeals.AppealFixtures.APPEAL_ID;
import static org.caseledger.appeals.AppealFixtures.CASE_ID;
import static org.caseledger.appeals.AppealFixtures.DAY_AFTER_FILING;
import static org.caseledger.appeals.AppealFixtures.DUE_ON;
import static org.caseledger.appeals.AppealFixtures.ESCALATED_ON;
import static org.caseledger.appeals.AppealFixtures.FILED_ON;
import static org.caseledger.appeals.AppealFixtures.KAZAKH_FOREIGN_MINISTRY;
import static org.caseledger.appeals.AppealFixtures.UN_WGEID;
import static org.caseledger.appeals.AppealFixtures.OVERDUE_FROM;
import static org.caseledger.appeals.AppealFixtures.closedAfterRelease;
import static org.caseledger.appeals.AppealFixtures.communicationFiledWithWorkingGroup;
import static org.caseledger.appeals.AppealFixtures.closureAfterRelease;
import static org.caseledger.appeals.AppealFixtures.denialFromMinistry;
import static org.caseledger.appeals.AppealFixtures.escalatedToWorkingGroup;
import static org.caseledger.appeals.AppealFixtures.escalationToWorkingGroup;
import static org.caseledger.appeals.AppealFixtures.letterFiledWithForeignMinistry;
import static org.caseledger.appeals.AppealFixtures.letterToForeignMinistry;
import static org.caseledger.appeals.AppealFixtures.ministryDenied;
import static org.caseledger.appeals.AppealFixtures.ministrySilent;
import static org.caseledger.appeals.AppealFixtures.reminderInPerson;
import static org.caseledger.appeals.AppealFixtures.remindedInPerson;
import static org.hamcrest.Matchers.containsString;

class AppealTest {

    private final CasesOnRecord cases = new CasesOnRecord().with(CASE_ID, CaseStanding.OPEN);
    private AggregateTestFixture<Appeal> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Appeal.class);
        fixture.setReportIllegalStateChange(true);
        fixture.registerInjectableResource(cases);
        fixture.registerInjectableResource(new AuthoritiesOnRecord()
                .with(KAZAKH_FOREIGN_MINISTRY, 30)
                .with(UN_WGEID, 60));
    }

    @Test
    void canFileAppealWithItsResponseDeadline() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .when(letterToForeignMinistry())
                .expectSuccessfulHandlerExecution()
                .expectEvents(letterFiledWithForeignMinistry())
                .expectResultMessagePayload(DUE_ON)
                .expectScheduledDeadlineWithName(OVERDUE_FROM, Appeal.RESPONSE_DUE);
    }

    @Test
    void cannotFileAppealForUnknownCase() {
        fixture.givenNoPriorActivity()
                .when(new FileAppeal(APPEAL_ID, new CaseId("not-arrived-yet"), KAZAKH_FOREIGN_MINISTRY,
                        AppealChannel.LETTER, AppellantRole.RELATIVE, FILED_ON, "Asked where he is", null))
                .expectException(UnknownReference.class)
                .expectExceptionMessage(containsString("retry shortly"))
                .expectNoEvents();
    }

    @Test
    void cannotFileAppealForMergedCase() {
        cases.with(CASE_ID, CaseStanding.MERGED);

        fixture.givenNoPriorActivity()
                .when(letterToForeignMinistry())
                .expectException(UnknownReference.class)
                .expectExceptionMessage(containsString("merged"))
                .expectNoEvents();
    }

    @Test
    void cannotFileAppealToUnregisteredAuthority() {
        fixture.givenNoPriorActivity()
                .when(new FileAppeal(APPEAL_ID, CASE_ID, new AuthorityId("no-such-authority"), AppealChannel.LETTER,
                        AppellantRole.RELATIVE, FILED_ON, "Asked where he is", null))
                .expectException(UnknownReference.class)
                .expectNoEvents();
    }

    @Test
    void canRecordResponseAndCancelTheDeadline() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGiven(letterFiledWithForeignMinistry())
                .when(denialFromMinistry())
                .expectEvents(ministryDenied())
                .expectNoScheduledDeadlines();
    }

    @Test
    void canRecordLaterResponseAfterTheFirst() {
        fixture.given(letterFiledWithForeignMinistry(), ministryDenied())
                .when(denialFromMinistry())
                .expectEvents(ministryDenied());
    }

    @Test
    void canRecordResponseThatCameAfterTheAppealWasOverdue() {
        fixture.given(letterFiledWithForeignMinistry(), ministrySilent())
                .when(denialFromMinistry())
                .expectEvents(ministryDenied());
    }

    @Test
    void cannotRecordAnswerDatedBeforeTheAppealWasFiled() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(new RecordAppealResponse(APPEAL_ID, ResponseType.DENIED, FILED_ON.minusDays(1), null))
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordFollowUpDatedBeforeTheAppealWasFiled() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(new RecordFollowUp(APPEAL_ID, AppealChannel.IN_PERSON, FILED_ON.minusDays(1), null, null))
                .expectException(Refusal.class)
                .expectExceptionMessage(containsString("cannot precede the appeal"))
                .expectNoEvents();
    }

    @Test
    void canRecordFollowUpOnTheDayTheAppealWasFiled() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(new RecordFollowUp(APPEAL_ID, AppealChannel.LETTER, FILED_ON, null, null))
                .expectEvents(new AppealFollowedUp(APPEAL_ID, CASE_ID, AppealChannel.LETTER, FILED_ON, null));
    }

    @Test
    void cannotEscalateOnADayBeforeTheAppealWasFiled() {
        EscalateAppeal escalation = escalationToWorkingGroup();
        fixture.given(letterFiledWithForeignMinistry())
                .when(new EscalateAppeal(escalation.appealId(), escalation.escalatedTo(), escalation.toAuthority(),
                        escalation.channel(), escalation.filedBy(), FILED_ON.minusDays(1), escalation.summary()))
                .expectException(Refusal.class)
                .expectExceptionMessage(containsString("cannot precede the appeal"))
                .expectNoEvents();
    }

    @Test
    void cannotCloseAppealOnADayBeforeItWasFiled() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(new CloseAppeal(APPEAL_ID, AppealOutcome.WITHDRAWN, FILED_ON.minusDays(1), null, null))
                .expectException(Refusal.class)
                .expectExceptionMessage(containsString("cannot precede the appeal"))
                .expectNoEvents();
    }

    @Test
    void canRecordFollowUp() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(reminderInPerson())
                .expectEvents(remindedInPerson());
    }

    @Test
    void escalationFilesTheNewAppealForTheSameCaseWithItsOwnDeadline() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGiven(letterFiledWithForeignMinistry(), ministrySilent())
                .when(escalationToWorkingGroup())
                .expectEvents(escalatedToWorkingGroup(), communicationFiledWithWorkingGroup())
                .expectResultMessagePayload(ESCALATED_ON.plusDays(60))
                .expectScheduledDeadlineWithName(Appeal.overdueFrom(ESCALATED_ON.plusDays(60)), Appeal.RESPONSE_DUE);
    }

    @Test
    void cannotEscalateToTheSameAuthority() {
        EscalateAppeal toMinistryAgain = escalationToWorkingGroup();
        fixture.given(letterFiledWithForeignMinistry())
                .when(new EscalateAppeal(toMinistryAgain.appealId(), toMinistryAgain.escalatedTo(),
                        KAZAKH_FOREIGN_MINISTRY, toMinistryAgain.channel(), toMinistryAgain.filedBy(),
                        toMinistryAgain.escalatedOn(), toMinistryAgain.summary()))
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotEscalateAppealWhoseCaseWasMerged() {
        cases.with(CASE_ID, CaseStanding.MERGED);

        fixture.given(letterFiledWithForeignMinistry())
                .when(escalationToWorkingGroup())
                .expectException(UnknownReference.class)
                .expectNoEvents();
    }

    @Test
    void canCloseWithOutcomeAndCancelTheDeadline() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGiven(letterFiledWithForeignMinistry())
                .when(closureAfterRelease())
                .expectEvents(closedAfterRelease())
                .expectNoScheduledDeadlines();
    }

    @Test
    void cannotRecordResponseOnClosedAppeal() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(denialFromMinistry())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordFollowUpOnClosedAppeal() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(reminderInPerson())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotEscalateClosedAppeal() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(escalationToWorkingGroup())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotCloseAppealTwice() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(closureAfterRelease())
                .expectException(Refusal.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordResponseForUnknownAppeal() {
        fixture.givenNoPriorActivity()
                .when(denialFromMinistry())
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void unansweredAppealBecomesOverdueOnceItsDueDayHasPassed() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry())
                .whenTimeAdvancesTo(OVERDUE_FROM)
                .expectTriggeredDeadlinesWithName(Appeal.RESPONSE_DUE)
                .expectEvents(ministrySilent());
    }

    @Test
    void appealIsNotOverdueOnItsDueDay() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry())
                .whenTimeAdvancesTo(OVERDUE_FROM.minus(Duration.ofSeconds(1)))
                .expectTriggeredDeadlines()
                .expectNoEvents();
    }

    @Test
    void answerBeforeTheDueDayCancelsTheOverdue() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry(), denialFromMinistry())
                .whenTimeAdvancesTo(OVERDUE_FROM.plus(Duration.ofDays(365)))
                .expectTriggeredDeadlines()
                .expectNoEvents();
    }

    @Test
    void closingBeforeTheDueDayCancelsTheOverdue() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry(), closureAfterRelease())
                .whenTimeAdvancesTo(OVERDUE_FROM.plus(Duration.ofDays(365)))
                .expectTriggeredDeadlines()
                .expectNoEvents();
    }

    /** A crash between storing the overdue fact and removing the scheduler's task fires the deadline again. */
    @Test
    void deadlineFiredAgainAfterTheAppealWasOverdueRecordsNothing() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry())
                .andGiven(ministrySilent())
                .whenTimeAdvancesTo(OVERDUE_FROM)
                .expectTriggeredDeadlinesWithName(Appeal.RESPONSE_DUE)
                .expectNoEvents();
    }

    /** The answer's cancellation can come too late for a deadline that is firing already. */
    @Test
    void deadlineThatOvertookTheAnswersCancellationRecordsNothing() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry())
                .andGiven(ministryDenied())
                .whenTimeAdvancesTo(OVERDUE_FROM)
                .expectTriggeredDeadlinesWithName(Appeal.RESPONSE_DUE)
                .expectNoEvents();
    }

    @Test
    void deadlineThatOvertookTheClosingsCancellationRecordsNothing() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .andGivenCommands(letterToForeignMinistry())
                .andGiven(closedAfterRelease())
                .whenTimeAdvancesTo(OVERDUE_FROM)
                .expectTriggeredDeadlinesWithName(Appeal.RESPONSE_DUE)
                .expectNoEvents();
    }
}
