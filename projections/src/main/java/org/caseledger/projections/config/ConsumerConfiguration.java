package org.caseledger.projections.config;

import org.caseledger.api.Topics;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.kafka.InSequence;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.caseledger.projections.readmodels.RebuildableModel;
import org.caseledger.projections.statistics.StatisticsCounts;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * One consumer per read model, each with its own stored positions, so each can be rebuilt on its own. Each takes an
 * aggregate's events strictly in sequence: a record that runs ahead is parked until the ones before it arrive.
 *
 * <p>Beside each consumer: how its read model is rebuilt beside the live one, with the tables its projection writes and
 * its queries read (all of them: a table not named would be written by the rebuild in the live model).
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
    TopicConsumer statisticsConsumer(TopicConsumers consumers, JdbcClient jdbc,
                                     @Qualifier("statisticsProjection") EventProjection statisticsProjection) {
        return consumers.consumer(STATISTICS, List.of(Topics.CASES),
                new InSequence(STATISTICS, statisticsProjection, jdbc, consumers.codec()));
    }

    /**
     * The appeals and the statistics, rebuilt together under the statistics' name: the statistics' triggers count the
     * appeals' rows and give them their cases' filter values, so neither model's tables can be swapped without the
     * other's. The copy starts with a history kept from the topics' start, as an emptied model does, and its count
     * changes are folded while it is built, as the live model's are.
     */
    @Bean
    RebuildableModel appealsAndStatisticsRebuild(
            @Qualifier("appealsProjection") EventProjection appealsProjection,
            @Qualifier("statisticsProjection") EventProjection statisticsProjection, StatisticsCounts counts) {
        return new RebuildableModel(STATISTICS,
                List.of(new RebuildableModel.Part(APPEALS, List.of(Topics.APPEALS), appealsProjection),
                        new RebuildableModel.Part(STATISTICS, List.of(Topics.CASES), statisticsProjection)),
                List.of("appeal", "appeal_authority", "appeal_response",
                        "statistics_case", "statistics_fact", "statistics_appeal",
                        "statistics_case_version", "statistics_fact_version", "statistics_appeal_version",
                        "statistics_history", "statistics_count", "statistics_count_change",
                        "statistics_filter_count", "statistics_filter_count_change",
                        "statistics_case_change"),
                List.of("INSERT INTO statistics_history (kept_since) VALUES ('-infinity')"),
                counts::foldIn);
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
                List.of("case_search_name", "case_search_key", "case_search_case"), caseSearchProjection);
    }
}
