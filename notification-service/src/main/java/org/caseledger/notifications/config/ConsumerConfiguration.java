package org.caseledger.notifications.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.api.Topics;
import org.caseledger.notifications.notice.Notices;
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
 * One consumer reads both topics: an appeal's notice needs the case number the cases topic brings, and one
 * consumer keeps every fact and every delivery it writes in the transaction that stores its positions.
 *
 * <p>It reads the events with their personal values withheld, whatever data keys the service holds: nothing it
 * decides or keeps needs them but a covered case's names, which {@code PersonNames} opens with the keys itself.
 */
@Configuration
class ConsumerConfiguration {

    // The name, the consumer group on the cluster, is written in the call: deploy/k8s checks its grant against it.
    @Bean
    TopicConsumer noticesConsumer(KafkaSettings settings, TopicDeclaration declaration,
                                  TransactionTemplate transaction, JdbcClient jdbc, MeterRegistry registry,
                                  TraceContexts traces, Notices notices) {
        return new TopicConsumers(settings, declaration, transaction, jdbc, registry, traces)
                .consumer("notification-service.notices", List.of(Topics.CASES, Topics.APPEALS), notices);
    }
}
