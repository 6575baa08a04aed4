package org.caseledger.cases.config;

import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.caseledger.cases.RunningCaseService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service runs its handlers without Axon's time limits, which take the thread's stack trace at every handler
 * called (the platform's defaults say why): the configuration that would wrap them is not there.
 */
class AxonTimeLimitsIT extends RunningCaseService {

    @Autowired
    ApplicationContext context;

    @Test
    void handlersRunWithoutAxonsTimeLimits() {
        assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
    }
}
