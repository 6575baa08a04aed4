package org.caseledger.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.tracing.TraceContexts;
import org.caseledger.platform.tracing.TracingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Kafka settings, topic declaration and consumers, shared by publishers and consumers. */
@AutoConfiguration(after = {JdbcClientAutoConfiguration.class, TransactionAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class, TracingConfiguration.class})
@EnableConfigurationProperties(KafkaSettings.class)
public class KafkaConfiguration {

    @Bean
    TopicDeclaration topicDeclaration(KafkaSettings settings) {
        return new TopicDeclaration(settings);
    }

    @Bean
    @ConditionalOnBean({JdbcClient.class, TransactionTemplate.class})
    TopicConsumers topicConsumers(KafkaSettings settings, TopicDeclaration topicDeclaration,
                                  TransactionTemplate transactionTemplate, JdbcClient jdbcClient,
                                  MeterRegistry meterRegistry, TraceContexts traces, ObjectProvider<DataKeys> keys) {
        return new TopicConsumers(settings, topicDeclaration, transactionTemplate, jdbcClient, meterRegistry, traces,
                keys.getIfAvailable(() -> DataKeys.NONE));
    }

    @Bean
    @ConditionalOnBean(JdbcClient.class)
    ConsumerStandings consumerStandings(KafkaSettings settings, JdbcClient jdbcClient) {
        return new ConsumerStandings(settings, jdbcClient);
    }
}
