package org.caseledger.appeals.command;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import static org.caseledger.appeals.AppealFixtures.foreignMinistryRegistered;
import static org.caseledger.appeals.AppealFixtures.registrationOfForeignMinistry;

class AuthorityTest {

    private final AggregateTestFixture<Authority> fixture = new AggregateTestFixture<>(Authority.class);

    @Test
    void canRegisterAuthorityWithItsExpectedResponseTime() {
        fixture.givenNoPriorActivity()
                .when(registrationOfForeignMinistry())
                .expectSuccessfulHandlerExecution()
                .expectEvents(foreignMinistryRegistered());
    }
}
