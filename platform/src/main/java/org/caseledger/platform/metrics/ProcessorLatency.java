package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The gauge Axon's {@code EventProcessorLatencyMonitor} keeps of a processor, {@code <prefix>.latency}: how long
 * before the last event a processor took up it was stored, in milliseconds. Registered once for each set of tags, as
 * {@link MessageMeters}' meters are, where Axon's monitor registers it again at every event.
 */
final class ProcessorLatency implements MessageMonitor<EventMessage<?>> {

    private final String name;
    private final MeterRegistry registry;
    private final Function<Message<?>, Iterable<Tag>> tagsOf;
    private final Clock clock;
    private final Map<Tags, AtomicLong> byTags = new ConcurrentHashMap<>();

    ProcessorLatency(String prefix, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tagsOf) {
        this.name = prefix + ".latency";
        this.registry = registry;
        this.tagsOf = tagsOf;
        this.clock = registry.config().clock();
    }

    @Override
    public MonitorCallback onMessageIngested(EventMessage<?> message) {
        byTags.computeIfAbsent(Tags.of(tagsOf.apply(message)), this::gauge)
                .set(clock.wallTime() - message.getTimestamp().toEpochMilli());
        return NoOpMessageMonitorCallback.INSTANCE;
    }

    private AtomicLong gauge(Tags tags) {
        AtomicLong latency = new AtomicLong();
        Gauge.builder(name, latency, AtomicLong::get).strongReference(true).tags(tags).register(registry);
        return latency;
    }
}
