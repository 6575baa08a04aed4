package org.caseledger.local.drill;

import java.util.Map;

/**
 * The {@code kill -9} of the case-service instance that held the publisher, while another instance over the same
 * event store ran: when it happened and how far the event store reached then. Publication has been taken over once an
 * event stored after the kill is on the topic, and the seconds until then are the takeover's: the other instance
 * waits for the dead one's claim on the publisher's token to expire before it publishes anything.
 */
public final class PublisherKill {

    private volatile long killedAt = -1;
    private volatile long lastIndexBefore;
    private volatile String instance;

    /**
     * @param instance        the instance killed, as the table names it
     * @param killedAt        when ({@link System#nanoTime()})
     * @param lastIndexBefore the event store's highest global index read right after the kill: every event above it
     *                        was stored by the instance that still runs, and only its publisher can send it
     */
    public void killed(String instance, long killedAt, long lastIndexBefore) {
        this.instance = instance;
        this.lastIndexBefore = lastIndexBefore;
        this.killedAt = killedAt;
    }

    public boolean happened() {
        return killedAt >= 0;
    }

    public String instance() {
        return instance;
    }

    /**
     * Seconds from the kill until the first event stored after it was seen on the topic; -1 when none was.
     *
     * @param firstSeen for each event stored since the drill began, by global index, when it was first seen on the
     *                  topic ({@link System#nanoTime()}), or -1 when never
     */
    public double takeoverSeconds(Map<Long, Long> firstSeen) {
        return takeoverSeconds(killedAt, lastIndexBefore, firstSeen);
    }

    static double takeoverSeconds(long killedAt, long lastIndexBefore, Map<Long, Long> firstSeen) {
        return firstSeen.entrySet().stream()
                .filter(event -> event.getKey() > lastIndexBefore && event.getValue() >= 0)
                .mapToLong(Map.Entry::getValue).min()
                .stream().mapToDouble(seen -> (seen - killedAt) / 1e9).findFirst().orElse(-1);
    }
}
