package org.caseledger.platform.personaldata;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data keys held in memory, each until a moment, and at most so many of them. A service that seals, hands out or opens
 * the values of a million subjects would otherwise keep a million entries, and every key in them. When the bound is
 * reached, the entries past their moment go first; if that is not enough, arbitrary entries go until a quarter of the
 * bound is free, so that the sweep runs once per many new subjects rather than on each. Forgetting a key is always
 * safe: where it is kept for good (the holder's table) stays the truth, an erasure included, and the next use asks
 * there again.
 */
final class KeyMemory {

    private record Held(DataKey key, Instant until) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final int entries;
    private final Clock clock;

    KeyMemory(int entries, Clock clock) {
        if (entries < 1) {
            throw new IllegalArgumentException("The keys held in memory are at least one, not " + entries);
        }
        this.entries = entries;
        this.clock = clock;
    }

    /** The subject's key while it is held and its moment has not come; null otherwise. */
    DataKey get(String subject) {
        Held entry = held.get(subject);
        return entry != null && entry.until().isAfter(clock.instant()) ? entry.key() : null;
    }

    /**
     * Holds the key until then, first making room if the memory is full; never in place of an erasure it holds: an
     * erasure is for good, and a key read or asked for before the erasure was heard of must not take its place when it
     * comes after.
     */
    void put(String subject, DataKey key, Instant until) {
        Instant now = clock.instant();
        if (held.size() >= entries && !held.containsKey(subject)) {
            held.values().removeIf(entry -> !entry.until().isAfter(now));
            Iterator<String> subjects = held.keySet().iterator();
            while (held.size() > entries - Math.max(1, entries / 4) && subjects.hasNext()) {
                subjects.next();
                subjects.remove();
            }
        }
        held.compute(subject, (name, before) -> before != null && before.key() instanceof DataKey.Erased
                && before.until().isAfter(now) ? before : new Held(key, until));
    }

    int size() {
        return held.size();
    }
}
