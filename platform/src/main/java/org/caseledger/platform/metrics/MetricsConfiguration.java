package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/** Gauges computed by queries, and the positions of the event store's processors where there is an event store. */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class})
public class MetricsConfiguration {

    @Bean
    QueriedGauges queriedGauges(MeterRegistry registry,
                                @Value("${caseledger.metrics.query-interval:15s}") Duration interval) {
        return new QueriedGauges(registry, interval);
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
    static class EventStoreMetrics {

        @Bean
        EventProcessorGauges eventProcessorGauges(QueriedGauges gauges, ObjectProvider<Configuration> axon) {
            return new EventProcessorGauges(gauges, axon);
        }
    }
}
