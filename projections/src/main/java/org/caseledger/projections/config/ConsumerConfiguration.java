package org.caseledger.projections.config;

import org.caseledger.api.Topics;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.kafka.InSequence;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * One consumer per read model, each with its own stored positions, so each can be rebuilt on its own. Each takes an
 * aggregate's events strictly in sequence: a record that runs ahead is parked until the ones before it arrive.
 */
@Configuration
class ConsumerConfiguration {

    static final String CASE_STATUS = "projections.case-status";
    static final String TIMELINE = "projections.timeline";
    static final String APPEALS = "projections.appeals";
    static final String STATISTICS = "projections.statistics";
    static final String CASE_HISTORY = "projections.case-history";
    static final String CASE_SEARCH = "projections.case-search";

    @Bean
    TopicConsumer caseStatusConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                     @Qualifier("caseStatusProjection") EventProjection caseStatusProjection) {
        return consumers.consumer(CASE_STATUS, List.of(Topics.CASES),
                new InSequence(CASE_STATUS, caseStatusProjection, jdbc));
    }

    @Bean
    TopicConsumer timelineConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                   @Qualifier("timelineProjection") EventProjection timelineProjection) {
        return consumers.consumer(TIMELINE, List.of(Topics.CASES), new InSequence(TIMELINE, timelineProjection, jdbc));
    }

    @Bean
    TopicConsumer appealsConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                  @Qualifier("appealsProjection") EventProjection appealsProjection) {
        return consumers.consumer(APPEALS, List.of(Topics.APPEALS), new InSequence(APPEALS, appealsProjection, jdbc));
    }

    @Bean
    TopicConsumer statisticsConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                     @Qualifier("statisticsProjection") EventProjection statisticsProjection) {
        return consumers.consumer(STATISTICS, List.of(Topics.CASES),
                new InSequence(STATISTICS, statisticsProjection, jdbc));
    }

    @Bean
    TopicConsumer caseHistoryConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                      @Qualifier("caseHistoryProjection") EventProjection caseHistoryProjection) {
        return consumers.consumer(CASE_HISTORY, List.of(Topics.CASES),
                new InSequence(CASE_HISTORY, caseHistoryProjection, jdbc));
    }

    @Bean
    TopicConsumer caseSearchConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                     @Qualifier("caseSearchProjection") EventProjection caseSearchProjection) {
        return consumers.consumer(CASE_SEARCH, List.of(Topics.CASES),
                new InSequence(CASE_SEARCH, caseSearchProjection, jdbc));
    }
}
