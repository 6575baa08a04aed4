package org.caseledger.platform.personaldata;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events a codec opened last, by their bytes as read: a service's consumers each read every record of a topic, at
 * nearly the same moment, and each would otherwise parse the same JSON, open the same values and ask for the same keys.
 * The same bytes always open to the same event but for an erasure read since, so an erasure read forgets them all;
 * what is kept is then exactly what the key memory would open anew, which forgets a key at the same moment.
 *
 * <p>The oldest go first once {@code most} are held. A reader is given the very event another reader was given, so
 * events are read, never changed, by those who read them.
 */
final class OpenedEvents {

    private record Bytes(Class<?> type, ByteBuffer value) {
    }

    private record Opened(Object event, long erasures) {
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

    /** The erasures read so far: an event opened before the next one is kept only while this count stands. */
    long erasuresRead() {
        return erasures.get();
    }

    /** The event these bytes opened to, unless an erasure was read since; null if none is held. */
    <T> T opened(byte[] value, Class<T> type) {
        Opened held;
        synchronized (events) {
            held = events.get(new Bytes(type, ByteBuffer.wrap(value)));
        }
        return held != null && held.erasures() == erasures.get() ? type.cast(held.event()) : null;
    }

    /**
     * Keeps what these bytes opened to, begun when {@code erasuresBefore} erasures were read: if one was read while it
     * was opened, it is never given out.
     */
    void keep(byte[] value, Class<?> type, Object event, long erasuresBefore) {
        synchronized (events) {
            events.put(new Bytes(type, ByteBuffer.wrap(value)), new Opened(event, erasuresBefore));
        }
    }

    /** An erasure was read (after the key memory heard of it): nothing opened before is given out again. */
    void erasureRead() {
        erasures.incrementAndGet();
        synchronized (events) {
            events.clear();
        }
    }

    int size() {
        synchronized (events) {
            return events.size();
        }
    }
}
