package org.caseledger.cases.config;

import org.axonframework.config.ConfigurerModule;
import org.caseledger.api.cases.ErasePersonalData;
import org.caseledger.cases.command.Case;
import org.caseledger.cases.upcasting.SourceReliabilityUpcaster;
import org.caseledger.platform.axon.Aggregates;
import org.caseledger.platform.axon.HeldEventSourcingRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Registers the event-sourced {@link Case} and the upcasters of its history here, so that the aggregate itself
 * carries no framework wiring.
 */
@Configuration
class CaseAggregateConfiguration {

    /**
     * The cases last written are held in memory, {@code caseledger.cases.held} of them for at most
     * {@code caseledger.cases.held-for}, and used again once the event store has said that no event was appended to
     * them since (docs/personal-data.md, "The keys"). A case is not held after an erasure: it holds the values just
     * erased, which its events read again withhold.
     */
    @Bean
    ConfigurerModule caseAggregate(@Value("${caseledger.cases.held:4096}") int held,
                                   @Value("${caseledger.cases.held-for:5m}") Duration heldFor) {
        HeldEventSourcingRepository.Holding holding = new HeldEventSourcingRepository.Holding(held, heldFor,
                command -> command instanceof ErasePersonalData);
        return configurer -> configurer.configureAggregate(Aggregates.eventSourcedAndHeld(Case.class, holding));
    }

    @Bean
    ConfigurerModule caseHistoryUpcasting() {
        return configurer -> configurer.registerEventUpcaster(configuration -> new SourceReliabilityUpcaster());
    }
}
