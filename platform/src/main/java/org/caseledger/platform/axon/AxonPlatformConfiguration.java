package org.caseledger.platform.axon;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Import;

/** Axon-specific web behaviour, only in services that run Axon. */
@AutoConfiguration
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnWebApplication
@Import(AxonProblemResponses.class)
public class AxonPlatformConfiguration {
}
