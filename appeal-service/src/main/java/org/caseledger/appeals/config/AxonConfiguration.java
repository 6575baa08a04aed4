package org.caseledger.appeals.config;

import org.axonframework.config.ConfigurerModule;
import org.caseledger.appeals.authorities.AuthorityRegister;
import org.caseledger.appeals.command.Appeal;
import org.caseledger.appeals.command.Authority;
import org.caseledger.platform.axon.Aggregates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the aggregates here, so that they carry no framework wiring themselves. */
@Configuration
class AxonConfiguration {

    @Bean
    ConfigurerModule aggregates() {
        return configurer -> configurer
                .configureAggregate(Aggregates.eventSourced(Appeal.class))
                .configureAggregate(Aggregates.eventSourced(Authority.class));
    }

    /**
     * The register table is written in the transaction that stores the authority's event, so an authority can be
     * appealed to as soon as its registration was answered.
     */
    @Bean
    ConfigurerModule authorityRegisterInCommandTransaction() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(AuthorityRegister.PROCESSING_GROUP);
    }
}
