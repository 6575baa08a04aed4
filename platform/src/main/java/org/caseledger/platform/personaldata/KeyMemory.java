package org.caseledger.platform.personaldata;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Data keys held in memory, each until a moment, and at most so many of them. A service that seals, hands out or opens
 * the values of a million subjects would otherwise keep a million entries, and every key in them. When the bound is
 * reached, the entries past their moment go first; if that is not enough, the keys put longest ago go until a quarter of
 * the bound is free, so that the sweep runs once per many new subjects rather than on each. The oldest, not arbitrary
 * ones: a consumer puts a poll's keys together and opens its values right after, and a sweep that dropped some of those
 * made it ask for each of them again, one request a subject. Forgetting a key is always safe: where it is kept for good
 * (the holder's table) stays the truth, an erasure included, and the next use asks there again.
 */
final class KeyMemory {

    private record Held(DataKey key, Instant until) {
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** The subjects held, in the order they were put first since they were last forgotten. */
    private final Queue<String> order = new ConcurrentLinkedQueue<>();
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
            makeRoom(now);
        }
        boolean[] first = {false};
        held.compute(subject, (name, before) -> {
            first[0] = before == null;
            return before != null && before.key() instanceof DataKey.Erased && before.until().isAfter(now)
                    ? before : new Held(key, until);
        });
        if (first[0]) {
            order.add(subject);
        }
    }

    /**
     * The entries past their moment, then the oldest until a quarter of the bound is free; one thread at a time, since
     * the order is then made to name only what is held (an entry past its moment leaves its place in the order).
     */
    private synchronized void makeRoom(Instant now) {
        if (held.size() < entries) {
            return;
        }
        held.values().removeIf(entry -> !entry.until().isAfter(now));
        int keep = entries - Math.max(1, entries / 4);
        while (held.size() > keep) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            held.remove(oldest);
        }
        order.removeIf(subject -> !held.containsKey(subject));
    }

    int size() {
        return held.size();
    }
}
