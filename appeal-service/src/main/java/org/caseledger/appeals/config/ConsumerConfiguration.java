package org.caseledger.appeals.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.api.Topics;
import org.caseledger.appeals.knowncases.KnownCases;
import org.caseledger.platform.kafka.KafkaSettings;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.tracing.TraceContexts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Learns which cases exist from the cases topic. It needs the cases' ids and states only, so it reads them without
 * keys: every person's name stays sealed here, and no key is asked of case-service for a case nobody appeals for.
 */
@Configuration
class ConsumerConfiguration {

    @Bean
    TopicConsumer knownCasesConsumer(KafkaSettings settings, TopicDeclaration declaration,
                                     TransactionTemplate transaction, JdbcClient jdbc, MeterRegistry registry,
                                     TraceContexts traces, KnownCases knownCases) {
        return new TopicConsumers(settings, declaration, transaction, jdbc, registry, traces)
                .consumer("appeal-service.known-cases", List.of(Topics.CASES), knownCases);
    }
}
