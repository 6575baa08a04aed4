package org.caseledger.projections.config;

import org.caseledger.api.Topics;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.kafka.InSequence;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.caseledger.projections.readmodels.NotRebuildable;
import org.caseledger.projections.readmodels.RebuildableModel;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * One consumer per read model, each with its own stored positions, so each can be rebuilt on its own. Each takes an
 * aggregate's events strictly in sequence: a record that runs ahead is parked until the ones before it arrive.
 *
 * <p>Beside each consumer: whether its read model can be rebuilt beside the live one, and if so the tables its
 * projection writes and its queries read (all of them: a table not named would be written by the rebuild in the live
 * model), or why not.
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
                new InSequence(CASE_STATUS, caseStatusProjection, jdbc, consumers.codec()));
    }

    @Bean
    RebuildableModel caseStatusRebuild(@Qualifier("caseStatusProjection") EventProjection caseStatusProjection) {
        return new RebuildableModel(CASE_STATUS, List.of(Topics.CASES), List.of("case_status", "case_fact"),
                caseStatusProjection);
    }

    @Bean
    TopicConsumer timelineConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                   @Qualifier("timelineProjection") EventProjection timelineProjection) {
        return consumers.consumer(TIMELINE, List.of(Topics.CASES),
                new InSequence(TIMELINE, timelineProjection, jdbc, consumers.codec()));
    }

    @Bean
    RebuildableModel timelineRebuild(@Qualifier("timelineProjection") EventProjection timelineProjection) {
        return new RebuildableModel(TIMELINE, List.of(Topics.CASES),
                List.of("timeline_case", "timeline_entry", "timeline_detail"), timelineProjection);
    }

    @Bean
    TopicConsumer appealsConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                  @Qualifier("appealsProjection") EventProjection appealsProjection) {
        return consumers.consumer(APPEALS, List.of(Topics.APPEALS),
                new InSequence(APPEALS, appealsProjection, jdbc, consumers.codec()));
    }

    @Bean
    NotRebuildable appealsNotRebuilt() {
        return new NotRebuildable(APPEALS, "the statistics count appeals inside the database, by triggers on the "
                + "appeals table and functions typed by its rows, so a copy swapped in would not be counted; rebuild "
                + "it by stopping projections, emptying its tables and positions, and starting it again");
    }

    @Bean
    TopicConsumer statisticsConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                     @Qualifier("statisticsProjection") EventProjection statisticsProjection) {
        return consumers.consumer(STATISTICS, List.of(Topics.CASES),
                new InSequence(STATISTICS, statisticsProjection, jdbc, consumers.codec()));
    }

    @Bean
    NotRebuildable statisticsNotRebuilt() {
        return new NotRebuildable(STATISTICS, "its counts are kept by triggers and functions typed by the rows of its "
                + "own tables and of the appeals table, which a copy in another schema does not have; rebuild it by "
                + "stopping projections, emptying its tables and positions, and starting it again");
    }

    @Bean
    TopicConsumer caseHistoryConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                      @Qualifier("caseHistoryProjection") EventProjection caseHistoryProjection) {
        return consumers.consumer(CASE_HISTORY, List.of(Topics.CASES, Topics.APPEALS),
                new InSequence(CASE_HISTORY, caseHistoryProjection, jdbc, consumers.codec()));
    }

    @Bean
    RebuildableModel caseHistoryRebuild(@Qualifier("caseHistoryProjection") EventProjection caseHistoryProjection) {
        return new RebuildableModel(CASE_HISTORY, List.of(Topics.CASES, Topics.APPEALS),
                List.of("case_history", "appeal_history"),
                caseHistoryProjection);
    }

    @Bean
    TopicConsumer caseSearchConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                     @Qualifier("caseSearchProjection") EventProjection caseSearchProjection) {
        return consumers.consumer(CASE_SEARCH, List.of(Topics.CASES),
                new InSequence(CASE_SEARCH, caseSearchProjection, jdbc, consumers.codec()));
    }

    @Bean
    RebuildableModel caseSearchRebuild(@Qualifier("caseSearchProjection") EventProjection caseSearchProjection) {
        return new RebuildableModel(CASE_SEARCH, List.of(Topics.CASES),
                List.of("case_search_name", "case_search_case"), caseSearchProjection);
    }
}
