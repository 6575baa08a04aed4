package org.caseledger.platform.kafka;

import org.caseledger.api.EventCatalogue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A projection's handlers, one per event type, looked up once per event by the type named in its header. An event
 * of a type with no handler is passed over, unless a handler for every other type is given; so is an event whose
 * type this consumer does not know (it has no payload).
 */
public final class EventHandlers implements EventProjection {

    private final Map<String, BiConsumer<ConsumedEvent, Object>> handlers;
    private final BiConsumer<ConsumedEvent, Object> otherwise;

    private EventHandlers(Map<String, BiConsumer<ConsumedEvent, Object>> handlers,
                          BiConsumer<ConsumedEvent, Object> otherwise) {
        this.handlers = Map.copyOf(handlers);
        this.otherwise = otherwise;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(ConsumedEvent event) {
        event.payload().ifPresent(payload -> handlers.getOrDefault(event.type(), otherwise).accept(event, payload));
    }

    public static final class Builder {

        private final Map<String, BiConsumer<ConsumedEvent, Object>> handlers = new HashMap<>();

        private Builder() {
        }

        public <T> Builder on(Class<T> type, BiConsumer<ConsumedEvent, T> handler) {
            if (handlers.putIfAbsent(EventCatalogue.nameOf(type), (event, payload) -> handler.accept(event,
                    type.cast(payload))) != null) {
                throw new IllegalStateException("Two handlers for " + type.getSimpleName());
            }
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(handlers, (event, payload) -> {
            });
        }

        /** Handles every type without a handler of its own with the given one. */
        public EventHandlers otherwise(BiConsumer<ConsumedEvent, Object> handler) {
            return new EventHandlers(handlers, handler);
        }
    }
}
