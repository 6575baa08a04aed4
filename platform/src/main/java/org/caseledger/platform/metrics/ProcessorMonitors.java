package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;

import java.util.List;
import java.util.function.Function;

/**
 * Axon's message monitors, but an event processor's without Axon's capacity monitor: its timers, latency and counters
 * stay. The capacity monitor keeps each message's processing time for ten minutes, an entry per message in a sorted
 * map, so a publisher sending two thousand events a second held over a million of them, tens of megabytes of
 * case-service's heap, and it looked its gauge up in the registry at every message. The same figure, the share of
 * the time the processor was busy, is the rate of its timer's sum: {@code
 * rate(eventProcessor_allTimer_seconds_sum{processorName="kafka-publisher"}[1m])}.
 */
public class ProcessorMonitors extends GlobalMetricRegistry {

    public ProcessorMonitors(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(String eventProcessorName) {
        return registerEventProcessor(eventProcessorName, message -> Tags.empty(), message -> Tags.empty());
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
            String eventProcessorName, Function<Message<?>, Iterable<Tag>> tagsBuilder,
            Function<Message<?>, Iterable<Tag>> latencyTagsBuilder) {
        MeterRegistry registry = getRegistry();
        return new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.buildMonitor(eventProcessorName, registry, tagsBuilder),
                EventProcessorLatencyMonitor.builder()
                        .meterNamePrefix(eventProcessorName)
                        .meterRegistry(registry)
                        .tagsBuilder(latencyTagsBuilder)
                        .build(),
                MessageCountingMonitor.buildMonitor(eventProcessorName, registry, tagsBuilder)));
    }
}
