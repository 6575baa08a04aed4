package org.caseledger.cases.config;

import org.axonframework.config.ConfigurerModule;
import org.caseledger.cases.command.Case;
import org.caseledger.platform.axon.Aggregates;
import org.caseledger.cases.upcasting.SourceReliabilityUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the event-sourced {@link Case} and the upcasters of its history here, so that the aggregate itself
 * carries no framework wiring.
 */
@Configuration
class CaseAggregateConfiguration {

    @Bean
    ConfigurerModule caseAggregate() {
        return configurer -> configurer.configureAggregate(Aggregates.eventSourced(Case.class));
    }

    @Bean
    ConfigurerModule caseHistoryUpcasting() {
        return configurer -> configurer.registerEventUpcaster(configuration -> new SourceReliabilityUpcaster());
    }
}
