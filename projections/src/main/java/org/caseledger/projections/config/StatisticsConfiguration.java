package org.caseledger.projections.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads a statistics answer's statements run on side by side: a few, as each holds a database connection while
 * it runs, and the pool's connections are shared with the consumers. Scheduling, for the statistics counts' folding.
 */
@Configuration
@EnableScheduling
class StatisticsConfiguration {

    @Bean
    ThreadPoolTaskExecutor statisticsStatements() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(4);
        executor.setThreadNamePrefix("statistics-");
        executor.setDaemon(true);
        return executor;
    }
}
