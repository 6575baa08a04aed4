package org.caseledger.platform.kafka;

import org.caseledger.api.EventCatalogue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A projection's handlers, one per event type, looked up once per event by the type named in its header. An event
 * of a type with no handler is passed over, unless a handler for every other type is given; so is an event whose
 * type this consumer does not know (it has no payload). A handler given with {@link Builder#onEvent} has the event
 * without its payload, which is then not read unless the handler asks for it; one given with
 * {@link Builder#onWithheld} has it read with its sealed personal values withheld, which asks for no key; the others
 * have it read and opened.
 */
public final class EventHandlers implements EventProjection {

    private final Map<String, Consumer<ConsumedEvent>> handlers;
    /** The types whose handlers read their payload withheld. */
    private final Set<String> withheld;
    private final Consumer<ConsumedEvent> otherwise;

    private EventHandlers(Map<String, Consumer<ConsumedEvent>> handlers, Set<String> withheld,
                          Consumer<ConsumedEvent> otherwise) {
        this.handlers = Map.copyOf(handlers);
        this.withheld = Set.copyOf(withheld);
        this.otherwise = otherwise;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(ConsumedEvent event) {
        if (!event.knownType()) {
            return;
        }
        Consumer<ConsumedEvent> handler = handlers.get(event.type());
        if (handler != null) {
            handler.accept(event);
        } else if (otherwise != null) {
            otherwise.accept(event);
        }
    }

    /**
     * A type is opened by its handler, unless that handler reads it withheld; a type without one by the handler of
     * every other type, if there is one.
     */
    @Override
    public boolean opensSealedValues(String type) {
        return handlers.containsKey(type) ? !withheld.contains(type) : otherwise != null;
    }

    public static final class Builder {

        private final Map<String, Consumer<ConsumedEvent>> handlers = new HashMap<>();
        private final Set<String> withheld = new HashSet<>();

        private Builder() {
        }

        /** Handles the type with its payload, read for the handler. */
        public <T> Builder on(Class<T> type, BiConsumer<ConsumedEvent, T> handler) {
            return add(type, event -> event.payload().ifPresent(payload -> handler.accept(event, type.cast(payload))));
        }

        /**
         * Handles the type with its payload read with every sealed personal value withheld
         * ({@link ConsumedEvent#payloadWithheld()}): for a handler that needs only the event's plain values, which
         * then asks for no key and decrypts nothing.
         */
        public <T> Builder onWithheld(Class<T> type, BiConsumer<ConsumedEvent, T> handler) {
            add(type, event -> event.payloadWithheld().ifPresent(payload -> handler.accept(event, type.cast(payload))));
            withheld.add(EventCatalogue.nameOf(type));
            return this;
        }

        /**
         * Handles the type by what the event's headers say: its payload is read only if the handler asks for it
         * ({@link ConsumedEvent#payload()}).
         */
        public Builder onEvent(Class<?> type, Consumer<ConsumedEvent> handler) {
            return add(type, handler);
        }

        private Builder add(Class<?> type, Consumer<ConsumedEvent> handler) {
            if (handlers.putIfAbsent(EventCatalogue.nameOf(type), handler) != null) {
                throw new IllegalStateException("Two handlers for " + type.getSimpleName());
            }
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(handlers, withheld, null);
        }

        /** Handles every type without a handler of its own with the given one, its payload read for it. */
        public EventHandlers otherwise(BiConsumer<ConsumedEvent, Object> handler) {
            return new EventHandlers(handlers, withheld,
                    event -> event.payload().ifPresent(payload -> handler.accept(event, payload)));
        }

        /**
         * Handles every type without a handler of its own with the given one, by what the headers say: the payload is
         * read only if the handler asks for it.
         */
        public EventHandlers otherwiseOnEvent(Consumer<ConsumedEvent> handler) {
            return new EventHandlers(handlers, withheld, handler);
        }
    }
}
