package org.caseledger.platform.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Follows every aggregate's chain through events given in the order of their aggregate and sequence number, and
 * remembers the first event that breaks one; then checks each signed checkpoint against the heads the chains had at
 * its global index, worked out again from the events. It holds one aggregate's events at a time (whether an event
 * was moved can only be told from the one after it) and, of every aggregate, the events that are its head at some
 * checkpoint ({@link HeadsAtCheckpoints}).
 */
public final class ChainCheck {

    private static final HexFormat HEX = HexFormat.of();

    private final List<Checkpoint> checkpoints;
    private final Optional<LedgerKeys> keys;
    private final HeadsAtCheckpoints heads;
    private final List<StoredEvent> aggregate = new ArrayList<>();
    private long events;
    private long aggregates;
    private long broken;
    private ChainProblem first;

    /** Checks the chains only. */
    public ChainCheck() {
        this(List.of(), Optional.empty());
    }

    /** Checks the chains and the checkpoints, given in the order of their numbers, with the public key, if any. */
    public ChainCheck(List<Checkpoint> checkpoints, Optional<LedgerKeys> keys) {
        this.checkpoints = List.copyOf(checkpoints);
        this.keys = keys;
        this.heads = new HeadsAtCheckpoints(checkpoints);
    }

    public void accept(StoredEvent event) {
        if (!aggregate.isEmpty() && !aggregate.get(0).aggregateId().equals(event.aggregateId())) {
            endAggregate();
        }
        aggregate.add(event);
        events++;
    }

    /** What the check found, with the time since {@code startedNanos} ({@link System#nanoTime()}), its own included. */
    public LedgerVerification result(long startedNanos) {
        endAggregate();
        CheckpointProblem checkpointProblem = checkpointProblem();
        Long latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1).number();
        return new LedgerVerification(broken == 0 && checkpointProblem == null, events, aggregates, broken, first,
                checkpoints.size(), latest, checkpointProblem, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private void endAggregate() {
        if (aggregate.isEmpty()) {
            return;
        }
        aggregates++;
        List<byte[]> hashes = new ArrayList<>();
        ChainProblem problem = followChain(aggregate, hashes);
        if (problem != null) {
            broken++;
            if (first == null) {
                first = problem;
            }
        }
        heads.aggregate(aggregate, hashes);
        aggregate.clear();
    }

    /** Fills in each event's hash as the chain gives it, and returns the first event that breaks the chain. */
    private static ChainProblem followChain(List<StoredEvent> events, List<byte[]> hashes) {
        ChainProblem problem = null;
        byte[] previous = EventChain.GENESIS;
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            byte[] expected = EventChain.hash(previous, event);
            hashes.add(expected);
            previous = expected;
            if (problem != null) {
                continue;
            }
            if (event.sequenceNumber() != i) {
                problem = problem(event, ChainProblem.Kind.MISSING_SEQUENCE, "No event " + i + " is on record before "
                        + "it: an event of this aggregate was removed");
            } else if (i + 1 < events.size() && event.globalIndex() > events.get(i + 1).globalIndex()) {
                // The global index is not hashed; it only tells a move apart from an alteration.
                problem = problem(event, ChainProblem.Kind.OUT_OF_ORDER, "It was stored after the event now at "
                        + "sequence " + (i + 1) + " (" + events.get(i + 1).eventId() + "): the order of this "
                        + "aggregate's events was changed");
            } else if (!Arrays.equals(expected, event.chainHash())) {
                problem = problem(event, ChainProblem.Kind.HASH_MISMATCH, "Its stored hash is "
                        + (event.chainHash() == null ? "missing" : HEX.formatHex(event.chainHash()))
                        + ", but its columns and the chain before it give " + HEX.formatHex(expected)
                        + ": this event was altered, or moved");
            }
        }
        return problem;
    }

    private CheckpointProblem checkpointProblem() {
        HeadsAtCheckpoints.Tally[] tallies = keys.isEmpty() ? null : heads.tallies();
        for (int c = 0; c < checkpoints.size(); c++) {
            Checkpoint checkpoint = checkpoints.get(c);
            if (keys.isEmpty()) {
                return new CheckpointProblem(checkpoint.number(), CheckpointProblem.Kind.NO_PUBLIC_KEY, "Checkpoints "
                        + "are on record but no public key was configured to verify them "
                        + "(caseledger.ledger.public-key-file)");
            }
            if (checkpoint.number() != c + 1) {
                return new CheckpointProblem(c + 1, CheckpointProblem.Kind.MISSING_CHECKPOINT, "Checkpoint " + (c + 1)
                        + " is not on record, though checkpoint " + checkpoint.number() + " is: it was removed");
            }
            if (!checkpoint.keyId().equals(keys.get().keyId()) || !signatureHolds(checkpoint)) {
                return new CheckpointProblem(checkpoint.number(), CheckpointProblem.Kind.BAD_SIGNATURE, "Its "
                        + "signature does not verify with the public key " + keys.get().keyId() + " (it names key "
                        + checkpoint.keyId() + "): the checkpoint was altered or was not signed by this service");
            }
            HeadsAtCheckpoints.Tally then = tallies[c];
            String root = HEX.formatHex(then.root());
            if (!root.equals(checkpoint.merkleRoot()) || then.events() != checkpoint.events()
                    || then.aggregates() != checkpoint.aggregates()) {
                return new CheckpointProblem(checkpoint.number(), CheckpointProblem.Kind.STORE_CHANGED, "Checkpoint "
                        + checkpoint.number() + " signed " + checkpoint.events() + " events of "
                        + checkpoint.aggregates() + " aggregates up to global index " + checkpoint.upToGlobalIndex()
                        + " with root " + checkpoint.merkleRoot() + "; the store now holds " + then.events()
                        + " events of " + then.aggregates() + " aggregates up to it, with root " + root
                        + ": an event it covered was removed, added or changed");
            }
        }
        return null;
    }

    private boolean signatureHolds(Checkpoint checkpoint) {
        try {
            return keys.orElseThrow().verify(Base64.getDecoder().decode(checkpoint.signature()),
                    checkpoint.signedBytes());
        } catch (IllegalArgumentException notBase64OrHex) {
            return false;
        }
    }

    private static ChainProblem problem(StoredEvent event, ChainProblem.Kind kind, String detail) {
        return new ChainProblem(event.aggregateId(), event.sequenceNumber(), event.eventId(), kind, detail);
    }
}
