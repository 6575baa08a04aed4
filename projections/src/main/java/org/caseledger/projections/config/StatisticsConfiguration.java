package org.caseledger.projections.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads a statistics answer's statements run on beside its first: one for each connection the answers may read
 * on beside their first ({@code caseledger.statistics.connections-beside}), as each holds one while it runs and the
 * pool's connections are shared with the consumers. Scheduling, for the statistics counts' folding.
 */
@Configuration
@EnableScheduling
class StatisticsConfiguration {

    @Bean
    ThreadPoolTaskExecutor statisticsStatements(@Value("${caseledger.statistics.connections-beside}") int connections) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(Math.max(1, connections));
        executor.setThreadNamePrefix("statistics-");
        executor.setDaemon(true);
        return executor;
    }
}
