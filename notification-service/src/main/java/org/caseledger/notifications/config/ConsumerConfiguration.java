package org.caseledger.notifications.config;

import org.caseledger.api.Topics;
import org.caseledger.notifications.notice.Notices;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    TopicConsumer noticesConsumer(TopicConsumers consumers, Notices notices) {
        return consumers.withoutKeys()
                .consumer("notification-service.notices", List.of(Topics.CASES, Topics.APPEALS), notices);
    }
}
