package org.caseledger.platform.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.caseledger.platform.ledger.MerkleTree.HASH;

/**
 * What the events give for each signed checkpoint ({@link ChainCheck}): the events up to its global index, the
 * aggregates they are of, and the root over those aggregates' heads, worked out without holding a head for every
 * checkpoint and aggregate.
 * <p>
 * An event is its aggregate's head at every checkpoint whose global index is at or above its own and below the
 * lowest of the aggregate's events after it (in a chain whose events were not moved, the next one's). Of each
 * aggregate only the events that are a head so for some checkpoint are kept, each as its leaf and the global index
 * from which it is the head. The checkpoints are then taken in the order of their global indexes, the leaves kept
 * put in place up to each: a checkpoint of {@value Checkpoint#V2} hashes again only the blocks of leaves that moved
 * since the one before ({@link KnownHeads}), as the checkpointer did when it signed them; one of
 * {@value Checkpoint#V1} hashes every leaf, in the order of the ids.
 * <p>
 * Held while the events are read: 44 bytes an event kept, 8 an aggregate, and the ids' bytes when a checkpoint of
 * {@value Checkpoint#V1} is to be checked; while the tallies are worked out, some 50 bytes an aggregate and 16 an
 * event kept more. Every checkpoint's heads, held before, took some 30 bytes an aggregate a checkpoint.
 */
final class HeadsAtCheckpoints {

    /** What the events give for one checkpoint. */
    record Tally(long events, long aggregates, byte[] root) {
    }

    private final List<Checkpoint> checkpoints;
    /** The checkpoints' global indexes, ascending. */
    private final long[] upTo;
    /** The checkpoints in that order, by their place in the list given. */
    private final int[] byUpTo;
    /** The events of the checkpoint at each place of {@link #upTo} and not of the one before. */
    private final long[] eventsFrom;
    /** Whether the ids' bytes are kept, for a checkpoint of the first format. */
    private final boolean byIds;
    private final MessageDigest sha256 = EventChain.sha256();

    private int aggregates;
    /** Each aggregate's first event's global index, by the order in which the aggregates came. */
    private long[] firsts = new long[64];
    private byte[] ids = new byte[0];
    private int[] idEnds = new int[0];
    private int idBytes;

    private int kept;
    /** Each event kept: the global index from which it is a head, its aggregate, and its leaf. */
    private long[] from = new long[64];
    private int[] owner = new int[64];
    private byte[] leaves = new byte[64 * HASH];

    HeadsAtCheckpoints(List<Checkpoint> checkpoints) {
        this.checkpoints = List.copyOf(checkpoints);
        this.byUpTo = IntStream.range(0, checkpoints.size()).boxed()
                .sorted(Comparator.comparingLong(c -> checkpoints.get(c).upToGlobalIndex()))
                .mapToInt(Integer::intValue).toArray();
        this.upTo = Arrays.stream(byUpTo).mapToLong(c -> checkpoints.get(c).upToGlobalIndex()).toArray();
        this.eventsFrom = new long[checkpoints.size()];
        this.byIds = checkpoints.stream().anyMatch(checkpoint -> checkpoint.format().equals(Checkpoint.V1));
        if (byIds) {
            ids = new byte[64 * 36];
            idEnds = new int[64];
        }
    }

    /** One aggregate's events, in the order of their sequence numbers, and the hashes their chain gives them. */
    void aggregate(List<StoredEvent> events, List<byte[]> hashes) {
        if (upTo.length == 0) {
            return;
        }
        int aggregate = aggregates++;
        if (aggregate == firsts.length) {
            firsts = Arrays.copyOf(firsts, grown(firsts.length));
        }
        firsts[aggregate] = events.get(0).globalIndex();
        byte[] id = events.get(0).aggregateId().getBytes(StandardCharsets.UTF_8);
        if (byIds) {
            keepId(aggregate, id);
        }
        long after = Long.MAX_VALUE;
        for (int i = events.size() - 1; i >= 0; i--) {
            long at = events.get(i).globalIndex();
            int first = lowerBound(upTo, upTo.length, at);
            if (first < upTo.length) {
                eventsFrom[first]++;
                if (at < after && upTo[first] < after) {
                    keep(at, aggregate, id, events.get(i).sequenceNumber(), hashes.get(i));
                }
            }
            after = Math.min(after, at);
        }
    }

    /** Each checkpoint's tally, in the order the checkpoints were given; once, after every aggregate. */
    Tally[] tallies() {
        Tally[] tallies = new Tally[upTo.length];
        if (upTo.length == 0) {
            return tallies;
        }
        long[] firstAt = Arrays.copyOf(firsts, aggregates);
        Arrays.sort(firstAt);
        int[] place = places(firsts, firstAt, aggregates, false);
        firsts = null;
        int[] byId = byIds ? placesInIdOrder(place) : null;
        ids = null;
        long[] fromInOrder = Arrays.copyOf(from, kept);
        Arrays.sort(fromInOrder);
        int[] keptInOrder = places(from, fromInOrder, kept, true);
        from = null;
        byte[] current = new byte[Math.multiplyExact(aggregates, HASH)];
        BitSet present = new BitSet(aggregates);
        int held = 0;
        int beyond = 0;
        // The tree holds its leaves in the array the leaves are put in place in, not in one of its own.
        KnownHeads tree = new KnownHeads(firstAt, current);
        boolean treeHolds = true;
        int[] moved = new int[64];
        int movedCount = 0;
        int next = 0;
        long events = 0;
        for (int k = 0; k < upTo.length; k++) {
            for (; next < kept && fromInOrder[next] <= upTo[k]; next++) {
                int event = keptInOrder[next];
                int at = place[owner[event]];
                if (!present.get(at)) {
                    present.set(at);
                    held++;
                    beyond = Math.max(beyond, at + 1);
                }
                System.arraycopy(leaves, event * HASH, current, at * HASH, HASH);
                if (movedCount == moved.length) {
                    moved = Arrays.copyOf(moved, grown(moved.length));
                }
                moved[movedCount++] = at;
            }
            events += eventsFrom[k];
            // In a store whose chains hold, the aggregates up to a global index are those whose first events are
            // up to it: the first places. Otherwise every leaf is hashed, for this checkpoint and every later one.
            treeHolds &= beyond == held;
            if (treeHolds) {
                Arrays.sort(moved, 0, movedCount);
                for (int i = 0; i < movedCount; i++) {
                    if (i == 0 || moved[i] != moved[i - 1]) {
                        tree.put(moved[i], firstAt[moved[i]], current, moved[i] * HASH);
                    }
                }
            }
            movedCount = 0;
            Checkpoint checkpoint = checkpoints.get(byUpTo[k]);
            byte[] root;
            if (checkpoint.format().equals(Checkpoint.V1)) {
                root = rootInOrder(current, present, byId, held);
            } else if (treeHolds) {
                root = tree.root();
            } else {
                root = rootInOrder(current, present, null, held);
            }
            tallies[byUpTo[k]] = new Tally(events, held, root);
        }
        return tallies;
    }

    /** The root over the leaves present, in the order of the places given, or in the order of their places. */
    private static byte[] rootInOrder(byte[] current, BitSet present, int[] order, int held) {
        byte[] leaves = new byte[held * HASH];
        int count = 0;
        int places = order == null ? present.length() : order.length;
        for (int i = 0; i < places; i++) {
            int at = order == null ? i : order[i];
            if (present.get(at)) {
                System.arraycopy(current, at * HASH, leaves, count++ * HASH, HASH);
            }
        }
        return MerkleTree.rootOfLeaves(leaves, count);
    }

    private void keep(long at, int aggregate, byte[] id, long sequenceNumber, byte[] chainHash) {
        if (kept == from.length) {
            int capacity = grown(from.length);
            from = Arrays.copyOf(from, capacity);
            owner = Arrays.copyOf(owner, capacity);
            leaves = Arrays.copyOf(leaves, Math.multiplyExact(capacity, HASH));
        }
        from[kept] = at;
        owner[kept] = aggregate;
        MerkleTree.leaf(sha256, id, sequenceNumber, chainHash, leaves, kept * HASH);
        kept++;
    }

    private void keepId(int aggregate, byte[] id) {
        if (aggregate == idEnds.length) {
            idEnds = Arrays.copyOf(idEnds, grown(idEnds.length));
        }
        if (idBytes + id.length > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(grown(ids.length), Math.addExact(idBytes, id.length)));
        }
        System.arraycopy(id, 0, ids, idBytes, id.length);
        idBytes += id.length;
        idEnds[aggregate] = idBytes;
    }

    /**
     * The aggregates' places, in the order of their ids' bytes ({@link MerkleTree#BYTE_ORDER}), of one id as they
     * came.
     */
    private int[] placesInIdOrder(int[] place) {
        return IntStream.range(0, aggregates).boxed()
                .sorted((a, b) -> Arrays.compareUnsigned(ids, idStart(a), idEnds[a], ids, idStart(b), idEnds[b]))
                .mapToInt(aggregate -> place[aggregate]).toArray();
    }

    private int idStart(int aggregate) {
        return aggregate == 0 ? 0 : idEnds[aggregate - 1];
    }

    /**
     * The place of each of the first {@code count} values in their ascending order ({@code sorted}), equal ones as
     * they come; or, {@code inverse}, which value is at each place.
     */
    private static int[] places(long[] values, long[] sorted, int count, boolean inverse) {
        int[] taken = new int[count];
        int[] places = new int[count];
        for (int i = 0; i < count; i++) {
            int first = lowerBound(sorted, count, values[i]);
            int at = first + taken[first]++;
            if (inverse) {
                places[at] = i;
            } else {
                places[i] = at;
            }
        }
        return places;
    }

    /** The first of the first {@code count} values, ascending, that is not below {@code key}; {@code count} if none. */
    private static int lowerBound(long[] values, int count, long key) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (values[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static int grown(int length) {
        return Math.max(64, Math.addExact(length, length / 2));
    }
}
