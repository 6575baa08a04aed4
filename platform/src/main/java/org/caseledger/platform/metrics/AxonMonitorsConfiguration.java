package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The registry of Axon's message monitors ({@link AxonMonitors}) where Axon's metrics are on the class path; set
 * up before Axon's own, which then leaves its registry out and hands this one to its configurer.
 */
@AutoConfiguration(after = CompositeMeterRegistryAutoConfiguration.class,
        beforeName = "org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration")
@ConditionalOnClass(GlobalMetricRegistry.class)
public class AxonMonitorsConfiguration {

    @Bean
    static GlobalMetricRegistry axonMonitors(MeterRegistry registry) {
        return new AxonMonitors(registry);
    }
}
