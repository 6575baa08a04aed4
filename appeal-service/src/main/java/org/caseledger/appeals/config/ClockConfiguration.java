package org.caseledger.appeals.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.time.Duration;

/**
 * The one clock of this service: it decides when a response is overdue and which dates lie in the future. Tests
 * replace the bean to move time instead of waiting for it.
 */
@Configuration
class ClockConfiguration {

    /**
     * Moves this process's clock ahead, for the end-to-end test that runs the real jar and must see an appeal
     * become overdue without waiting for weeks. It is read from a JVM system property only, never from Spring
     * configuration or the environment, so no configuration file can switch it on; {@code deploy/local/up} refuses to
     * pass it, and the service refuses to start with it unless the end-to-end tests' profile is active
     * ({@link TestingClockGuard}).
     */
    static final String TESTING_CLOCK_OFFSET = "caseledger.testing.clock-offset";

    private static final Logger log = LoggerFactory.getLogger(ClockConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock(Environment environment) {
        String offset = System.getProperty(TESTING_CLOCK_OFFSET);
        TestingClockGuard.check(offset, environment);
        if (offset == null || offset.isBlank()) {
            return Clock.systemUTC();
        }
        Duration ahead = Duration.parse(offset);
        log.warn("TESTING ONLY: this process's clock runs {} ahead of real time ({}); deadlines fire early",
                ahead, TESTING_CLOCK_OFFSET);
        return Clock.offset(Clock.systemUTC(), ahead);
    }
}
