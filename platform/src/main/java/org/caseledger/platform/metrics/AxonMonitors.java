package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;

import java.util.List;
import java.util.function.Function;

/**
 * Axon's message monitors without Axon's capacity monitor, for the event processors, the event store and the command
 * and query buses: their timers, counters and (for a processor) latency stay. The capacity monitor keeps each message's
 * processing time for ten minutes, an entry per message in a sorted map, so a publisher sending two thousand events a
 * second held over a million of them, tens of megabytes of case-service's heap, and an import of 20,000 rows left some
 * 35,000 of the command bus's; and it looks its gauge up in the registry at every message. The same figure, the share
 * of the time a processor or bus was busy, is the rate of its timer's sum: {@code
 * rate(eventProcessor_allTimer_seconds_sum{processorName="kafka-publisher"}[1m])}, {@code
 * rate(commandBus_allTimer_seconds_sum[1m])}.
 * <p>
 * The timers, counters and latency are Axon's, by name, tags and percentiles, kept by {@link MessageMeters} and
 * {@link ProcessorLatency}, which find their meters in the registry once for each set of tags, where Axon's monitors
 * find nine or ten of them at every message.
 */
public class AxonMonitors extends GlobalMetricRegistry {

    public AxonMonitors(MeterRegistry registry) {
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
        return new MultiMessageMonitor<EventMessage<?>>(List.of(
                timedAndCounted(eventProcessorName, tagsBuilder),
                new ProcessorLatency(eventProcessorName, getRegistry(), latencyTagsBuilder)));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String commandBusName) {
        return registerCommandBus(commandBusName, message -> Tags.empty());
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(
            String commandBusName, Function<Message<?>, Iterable<Tag>> tagsBuilder) {
        return timedAndCounted(commandBusName, tagsBuilder);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventBus(String eventBusName) {
        return registerEventBus(eventBusName, message -> Tags.empty());
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventBus(
            String eventBusName, Function<Message<?>, Iterable<Tag>> tagsBuilder) {
        return timedAndCounted(eventBusName, tagsBuilder);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String queryBusName) {
        return registerQueryBus(queryBusName, message -> Tags.empty());
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(
            String queryBusName, Function<Message<?>, Iterable<Tag>> tagsBuilder) {
        return timedAndCounted(queryBusName, tagsBuilder);
    }

    private MessageMonitor<Message<?>> timedAndCounted(String name, Function<Message<?>, Iterable<Tag>> tagsBuilder) {
        return new MessageMeters(name, getRegistry(), tagsBuilder);
    }
}
