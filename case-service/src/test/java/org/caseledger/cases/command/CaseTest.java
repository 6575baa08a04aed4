package org.caseledger.cases.command;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.caseledger.cases.CaseFixtures.detainedInCamp;
import static org.caseledger.cases.CaseFixtures.freedAfterSurveillance;
import static org.caseledger.cases.CaseFixtures.releaseUnderSurveillance;
import static org.caseledger.cases.CaseFixtures.releasedUnderSurveillance;
import static org.caseledger.cases.CaseFixtures.reportOfDetentionInCamp;
import static org.caseledger.cases.CaseFixtures.surveillanceLifted;

class CaseTest {

    private AggregateTestFixture<Case> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Case.class);
    }

    @Test
    void canOpenCaseWithReportedDetention() {
        fixture.givenNoPriorActivity()
                .when(reportOfDetentionInCamp())
                .expectSuccessfulHandlerExecution()
                .expectEvents(detainedInCamp());
    }

    @Test
    void canRecordReleaseOfDetainedPerson() {
        fixture.given(detainedInCamp())
                .when(releaseUnderSurveillance())
                .expectEvents(releasedUnderSurveillance());
    }

    @Test
    void canRecordLaterReleaseWhenSurveillanceIsLifted() {
        fixture.given(detainedInCamp(), releasedUnderSurveillance())
                .when(surveillanceLifted())
                .expectEvents(freedAfterSurveillance());
    }

    @Test
    void cannotRecordReleaseForUnknownCase() {
        fixture.givenNoPriorActivity()
                .when(releaseUnderSurveillance())
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
