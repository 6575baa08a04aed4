package org.caseledger.appeals.command;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.caseledger.appeals.AppealFixtures.CASE_ID;
import static org.caseledger.appeals.AppealFixtures.APPEAL_ID;
import static org.caseledger.appeals.AppealFixtures.DAY_AFTER_FILING;
import static org.caseledger.appeals.AppealFixtures.FILED_ON;
import static org.caseledger.appeals.AppealFixtures.KAZAKH_FOREIGN_MINISTRY;
import static org.caseledger.appeals.AppealFixtures.OVERDUE_FROM;
import static org.caseledger.appeals.AppealFixtures.closedAfterRelease;
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
import org.caseledger.api.appeals.EscalateAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.ResponseType;

class AppealTest {

    private AggregateTestFixture<Appeal> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Appeal.class);
        fixture.setReportIllegalStateChange(true);
    }

    @Test
    void canFileAppealWithItsResponseDeadline() {
        fixture.givenCurrentTime(DAY_AFTER_FILING)
                .when(letterToForeignMinistry())
                .expectSuccessfulHandlerExecution()
                .expectEvents(letterFiledWithForeignMinistry())
                .expectScheduledDeadlineWithName(OVERDUE_FROM, Appeal.RESPONSE_DUE);
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
                .expectException(CommandRejected.class)
                .expectNoEvents();
    }

    @Test
    void canRecordFollowUp() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(reminderInPerson())
                .expectEvents(remindedInPerson());
    }

    @Test
    void canEscalateToAnotherAuthorityAnsweringTheCase() {
        fixture.given(letterFiledWithForeignMinistry(), ministrySilent())
                .when(escalationToWorkingGroup())
                .expectEvents(escalatedToWorkingGroup())
                .expectResultMessagePayload(CASE_ID);
    }

    @Test
    void cannotEscalateToTheSameAuthority() {
        fixture.given(letterFiledWithForeignMinistry())
                .when(new EscalateAppeal(escalationToWorkingGroup().appealId(),
                        escalationToWorkingGroup().escalatedTo(), KAZAKH_FOREIGN_MINISTRY,
                        escalationToWorkingGroup().escalatedOn()))
                .expectException(CommandRejected.class)
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
                .expectException(CommandRejected.class)
                .expectNoEvents();
    }

    @Test
    void cannotRecordFollowUpOnClosedAppeal() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(reminderInPerson())
                .expectException(CommandRejected.class)
                .expectNoEvents();
    }

    @Test
    void cannotEscalateClosedAppeal() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(escalationToWorkingGroup())
                .expectException(CommandRejected.class)
                .expectNoEvents();
    }

    @Test
    void cannotCloseAppealTwice() {
        fixture.given(letterFiledWithForeignMinistry(), closedAfterRelease())
                .when(closureAfterRelease())
                .expectException(CommandRejected.class)
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
}
