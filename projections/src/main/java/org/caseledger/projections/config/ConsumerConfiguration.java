package org.caseledger.projections.config;

import org.caseledger.api.Topics;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** One consumer per read model, each with its own stored positions, so each can be rebuilt on its own. */
@Configuration
class ConsumerConfiguration {

    @Bean
    TopicConsumer caseStatusConsumer(TopicConsumers consumers,
                                     @Qualifier("caseStatusProjection") EventProjection caseStatusProjection) {
        return consumers.consumer("projections.case-status", List.of(Topics.CASES), caseStatusProjection);
    }

    @Bean
    TopicConsumer timelineConsumer(TopicConsumers consumers,
                                   @Qualifier("timelineProjection") EventProjection timelineProjection) {
        return consumers.consumer("projections.timeline", List.of(Topics.CASES), timelineProjection);
    }

    @Bean
    TopicConsumer appealsConsumer(TopicConsumers consumers,
                                  @Qualifier("appealsProjection") EventProjection appealsProjection) {
        return consumers.consumer("projections.appeals", List.of(Topics.APPEALS), appealsProjection);
    }

    @Bean
    TopicConsumer statisticsConsumer(TopicConsumers consumers,
                                     @Qualifier("statisticsProjection") EventProjection statisticsProjection) {
        return consumers.consumer("projections.statistics", List.of(Topics.CASES), statisticsProjection);
    }
}
