package org.caseledger.platform.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Follows every aggregate's chain through events given in the order of their aggregate and sequence number, and
 * remembers the first event that breaks one. It holds one aggregate's events at a time: whether an event was moved
 * can only be told from the one after it.
 */
public final class ChainCheck {

    private static final HexFormat HEX = HexFormat.of();

    private final List<StoredEvent> aggregate = new ArrayList<>();
    private long events;
    private long aggregates;
    private long broken;
    private ChainProblem first;

    public void accept(StoredEvent event) {
        if (!aggregate.isEmpty() && !aggregate.get(0).aggregateId().equals(event.aggregateId())) {
            endAggregate();
        }
        aggregate.add(event);
        events++;
    }

    public LedgerVerification result(long durationMillis) {
        endAggregate();
        return new LedgerVerification(broken == 0, events, aggregates, broken, first, durationMillis);
    }

    private void endAggregate() {
        if (aggregate.isEmpty()) {
            return;
        }
        aggregates++;
        ChainProblem problem = firstProblem(aggregate);
        if (problem != null) {
            broken++;
            if (first == null) {
                first = problem;
            }
        }
        aggregate.clear();
    }

    private static ChainProblem firstProblem(List<StoredEvent> events) {
        byte[] previous = EventChain.GENESIS;
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            if (event.sequenceNumber() != i) {
                return problem(event, ChainProblem.Kind.MISSING_SEQUENCE, "No event " + i + " is on record before "
                        + "it: an event of this aggregate was removed");
            }
            // The global index is not hashed; it only tells a move apart from an alteration.
            if (i + 1 < events.size() && event.globalIndex() > events.get(i + 1).globalIndex()) {
                return problem(event, ChainProblem.Kind.OUT_OF_ORDER, "It was stored after the event now at "
                        + "sequence " + (i + 1) + " (" + events.get(i + 1).eventId() + "): the order of this "
                        + "aggregate's events was changed");
            }
            byte[] expected = EventChain.hash(previous, event);
            if (!Arrays.equals(expected, event.chainHash())) {
                return problem(event, ChainProblem.Kind.HASH_MISMATCH, "Its stored hash is "
                        + (event.chainHash() == null ? "missing" : HEX.formatHex(event.chainHash()))
                        + ", but its columns and the chain before it give " + HEX.formatHex(expected)
                        + ": this event was altered, or moved");
            }
            previous = expected;
        }
        return null;
    }

    private static ChainProblem problem(StoredEvent event, ChainProblem.Kind kind, String detail) {
        return new ChainProblem(event.aggregateId(), event.sequenceNumber(), event.eventId(), kind, detail);
    }
}
