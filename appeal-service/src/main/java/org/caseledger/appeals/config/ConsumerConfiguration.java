package org.caseledger.appeals.config;

import org.caseledger.api.Topics;
import org.caseledger.appeals.knowncases.KnownCases;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Learns which cases exist from the cases topic. It needs the cases' ids and states only, so it reads them without
 * keys: every person's name stays sealed here, and no key is asked of case-service for a case nobody appeals for.
 */
@Configuration
class ConsumerConfiguration {

    @Bean
    TopicConsumer knownCasesConsumer(TopicConsumers consumers, KnownCases knownCases) {
        return consumers.withoutKeys().consumer("appeal-service.known-cases", List.of(Topics.CASES), knownCases);
    }
}
