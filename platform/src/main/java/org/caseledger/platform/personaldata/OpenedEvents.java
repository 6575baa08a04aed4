package org.caseledger.platform.personaldata;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events a codec opened last, by their bytes as read: a service's consumers each read every record of a topic, at
 * nearly the same moment, and each would otherwise parse the same JSON, open the same values and ask for the same keys.
 * The first to come opens the event; who comes for the same bytes while it does waits for its event and is given that
 * very event, so events are read, never changed, by those who read them. The same bytes always open to the same event
 * but for an erasure read since, so an erasure read forgets them all; what is kept is then exactly what the key memory
 * would open anew, which forgets a key at the same moment. The oldest go first once {@code most} are held.
 */
final class OpenedEvents {

    /** What opens the bytes when no one has. */
    @FunctionalInterface
    interface Opening<T> {
        T open() throws IOException;
    }

    /**
     * The bytes' hash is worked out once, as they are read: the map asks for it to look them up, again to put them,
     * and for the eldest's as it drops them, and each time it was a pass over the whole event.
     */
    private record Bytes(Class<?> type, byte[] value, int hash) {

        Bytes(Class<?> type, byte[] value) {
            this(type, value, 31 * type.hashCode() + Arrays.hashCode(value));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && hash == that.hash && type == that.type
                    && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Opened(CompletableFuture<Object> event, long erasures) {
    }

    private final AtomicLong erasures = new AtomicLong();
    private final Map<Bytes, Opened> events;

    OpenedEvents(int most) {
        if (most < 1) {
            throw new IllegalArgumentException("The events kept opened are at least one, not " + most);
        }
        this.events = new LinkedHashMap<>(2 * most, 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, Opened> eldest) {
                return size() > most;
            }
        };
    }

    /** The event these bytes open to: as opened before (or being opened now) unless an erasure was read since. */
    <T> T open(byte[] value, Class<T> type, Opening<T> opening) throws IOException {
        Bytes bytes = new Bytes(type, value);
        long erasuresBefore = erasures.get();
        Opened mine = new Opened(new CompletableFuture<>(), erasuresBefore);
        Opened held;
        synchronized (events) {
            held = events.get(bytes);
            if (held == null || held.erasures() != erasuresBefore) {
                events.put(bytes, mine);
                held = null;
            }
        }
        if (held != null) {
            return type.cast(awaited(held.event()));
        }
        try {
            T event = opening.open();
            mine.event().complete(event);
            return event;
        } catch (IOException | RuntimeException e) {
            mine.event().completeExceptionally(e);
            synchronized (events) {
                events.remove(bytes, mine);
            }
            throw e;
        }
    }

    /** An erasure was read (after the key memory heard of it): nothing opened before is given out again. */
    void erasureRead() {
        erasures.incrementAndGet();
        synchronized (events) {
            events.clear();
        }
    }

    /** The event another reader opens; its failure is this reader's too, to be retried as the reader retries. */
    private static Object awaited(CompletableFuture<Object> event) throws IOException {
        try {
            return event.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("Opening an event failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while another reader opened the same event", e);
        }
    }
}
