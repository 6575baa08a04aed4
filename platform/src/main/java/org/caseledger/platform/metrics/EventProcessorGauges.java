package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.Tags;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.ObjectProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where each streaming processor of the event store stands: its position, how many events it is behind the
 * store's head, and how many segments this instance has claimed. The publisher ({@code kafka-publisher}) is one of
 * them, so "behind" for it is how many stored events have not reached Kafka yet. Axon's own meters give handling
 * times and counts, not positions.
 */
public class EventProcessorGauges {

    private final ObjectProvider<Configuration> axon;

    public EventProcessorGauges(QueriedGauges gauges, ObjectProvider<Configuration> axon) {
        this.axon = axon;
        gauges.register("caseledger.event.store.head", "Global index of the newest event in the event store",
                "events", () -> head().stream().boxed().collect(HashMap::new,
                        (map, head) -> map.put(Tags.empty(), head), Map::putAll));
        gauges.register("caseledger.event.processor.position",
                "Global index of the oldest event a processor's claimed segments have handled", "events",
                () -> perProcessor(this::position));
        gauges.register("caseledger.event.processor.behind",
                "Events stored that a processor's claimed segments have not handled yet", "events", this::behind);
        gauges.register("caseledger.event.processor.segments",
                "Segments of a processor claimed by this instance", "segments",
                () -> perProcessor(processor -> OptionalLong.of(processor.processingStatus().size())));
    }

    private Map<Tags, Long> behind() {
        OptionalLong head = head();
        if (head.isEmpty()) {
            return Map.of();
        }
        return perProcessor(processor -> position(processor).stream()
                .map(position -> Math.max(0, head.getAsLong() - position)).findFirst());
    }

    private OptionalLong head() {
        Configuration configuration = axon.getIfAvailable();
        if (configuration == null) {
            return OptionalLong.empty();
        }
        TrackingToken head = configuration.eventStore().createHeadToken();
        return head == null ? OptionalLong.of(-1) : head.position();
    }

    /** The least position of the claimed segments: every event up to it has been handled. */
    private OptionalLong position(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
    }

    private Map<Tags, Long> perProcessor(java.util.function.Function<StreamingEventProcessor, OptionalLong> value) {
        Configuration configuration = axon.getIfAvailable();
        if (configuration == null) {
            return Map.of();
        }
        Map<Tags, Long> values = new HashMap<>();
        configuration.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                value.apply(streaming).ifPresent(v -> values.put(Tags.of("processor", name), v));
            }
        });
        return values;
    }
}
