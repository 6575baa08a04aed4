package org.caseledger.platform.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.caseledger.platform.ledger.MerkleTree.HASH;

/**
 * Every aggregate's head up to a global index, as the leaf it is in the Merkle tree, in the tree's order, with the
 * count of events up to there. No event can be stored at or below that index later ({@link Checkpointer}), so the
 * heads at a later index are these, moved by the events stored between.
 * <p>
 * Held in three arrays, not as an object per aggregate: the ids' UTF-8 bytes one after another, where each of them
 * ends, and the leaves, 32 bytes each. An aggregate of a 36-character id takes 72 bytes so, and the arrays grow by
 * half when they are full (82 bytes an aggregate in {@code KnownHeadsTest}, where a sorted map of ids and leaves took
 * 158). The heads that moved are put in place from the end backwards, so that each head after them moves once, within
 * the arrays; heads that come after all those known, as a first checkpoint's do in the ids' order, move none.
 */
final class KnownHeads {

    private long upTo = -1;
    private long events;
    private int count;
    private byte[] ids = new byte[0];
    private int[] idEnds = new int[0];
    private byte[] leaves = new byte[0];

    /** The global index these are the heads at; -1 until they are first settled. */
    long upTo() {
        return upTo;
    }

    /** How many events the store held up to {@link #upTo()}. */
    long events() {
        return events;
    }

    int aggregates() {
        return count;
    }

    byte[] root() {
        return MerkleTree.rootOfLeaves(leaves, count);
    }

    /**
     * Puts in place the heads that moved, one per aggregate, in any order: all of them at once, or in batches (no
     * aggregate twice) before {@link #settle}.
     */
    void put(List<MerkleTree.Head> moved) {
        MessageDigest sha256 = EventChain.sha256();
        Moved[] heads = new Moved[moved.size()];
        for (int i = 0; i < heads.length; i++) {
            MerkleTree.Head head = moved.get(i);
            byte[] id = head.aggregateId().getBytes(StandardCharsets.UTF_8);
            byte[] leaf = new byte[HASH];
            MerkleTree.leaf(sha256, id, head.sequenceNumber(), head.chainHash(), leaf, 0);
            heads[i] = new Moved(id, leaf);
        }
        Arrays.sort(heads, (a, b) -> Arrays.compareUnsigned(a.id, b.id));
        int[] at = new int[heads.length];
        int added = 0;
        int addedBytes = 0;
        for (int i = 0; i < heads.length; i++) {
            if (i > 0 && Arrays.equals(heads[i].id, heads[i - 1].id)) {
                throw new IllegalArgumentException("Aggregate " + new String(heads[i].id, StandardCharsets.UTF_8)
                        + " has two heads among those that moved");
            }
            int found = find(heads[i].id);
            if (found >= 0) {
                System.arraycopy(heads[i].leaf, 0, leaves, found * HASH, HASH);
            } else {
                at[added] = -found - 1;
                heads[added++] = heads[i];
                addedBytes += heads[i].id.length;
            }
        }
        insert(heads, at, added, addedBytes);
    }

    /**
     * The heads are now those at global index {@code to}, once every head moved up to it is {@link #put}:
     * {@code eventsStored} events were stored after {@link #upTo()} and up to it.
     */
    void settle(long to, long eventsStored) {
        upTo = to;
        events += eventsStored;
    }

    /**
     * Puts the first {@code added} of {@code heads} in place: the head {@code j} goes before the head now at
     * {@code at[j]}. Going from the last backwards, the heads after each one move to where they end up, once.
     */
    private void insert(Moved[] heads, int[] at, int added, int addedBytes) {
        if (added == 0) {
            return;
        }
        int bytes = count == 0 ? 0 : idEnds[count - 1];
        reserve(count + added, bytes + addedBytes);
        int end = count;
        int shift = addedBytes;
        for (int j = added - 1; j >= 0; j--) {
            int from = at[j];
            int fromByte = from == 0 ? 0 : idEnds[from - 1];
            int toByte = end == 0 ? 0 : idEnds[end - 1];
            System.arraycopy(ids, fromByte, ids, fromByte + shift, toByte - fromByte);
            for (int i = end - 1; i >= from; i--) {
                idEnds[i + j + 1] = idEnds[i] + shift;
            }
            System.arraycopy(leaves, from * HASH, leaves, (from + j + 1) * HASH, (end - from) * HASH);
            byte[] id = heads[j].id;
            shift -= id.length;
            System.arraycopy(id, 0, ids, fromByte + shift, id.length);
            idEnds[from + j] = fromByte + shift + id.length;
            System.arraycopy(heads[j].leaf, 0, leaves, (from + j) * HASH, HASH);
            end = from;
        }
        count += added;
    }

    private void reserve(int heads, int bytes) {
        if (heads > idEnds.length) {
            int capacity = Math.max(heads, idEnds.length + idEnds.length / 2);
            idEnds = Arrays.copyOf(idEnds, capacity);
            leaves = Arrays.copyOf(leaves, capacity * HASH);
        }
        if (bytes > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(bytes, ids.length + ids.length / 2));
        }
    }

    /** The index of the head of {@code id}, or -(where it would go) - 1, as {@link Arrays#binarySearch} answers. */
    private int find(byte[] id) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int compared = Arrays.compareUnsigned(ids, middle == 0 ? 0 : idEnds[middle - 1], idEnds[middle],
                    id, 0, id.length);
            if (compared < 0) {
                low = middle + 1;
            } else if (compared > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    private record Moved(byte[] id, byte[] leaf) {
    }
}
