package org.caseledger.platform.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.caseledger.platform.ledger.MerkleTree.HASH;

/**
 * Every aggregate's head up to a global index, as the leaf it is in the Merkle tree of a checkpoint of
 * {@value Checkpoint#V2}, in the tree's order, with the count of events up to there. No event can be stored at or
 * below that index later ({@link Checkpointer}), so the heads at a later index are these, moved by the events stored
 * between, and the aggregates first stored between, whose leaves come after every leaf here.
 * <p>
 * Held in arrays, not as an object per aggregate: the global index of each aggregate's first event, which places its
 * leaf and finds it again (the leaves are in the order of those indexes), and the leaves, 32 bytes each; an aggregate
 * takes 40 bytes so, and the arrays grow by half when they are full. The node over each whole block of {@value #BLOCK}
 * leaves is kept too, and hashed again only when a leaf of the block moved: the root is then worked out from those
 * nodes, one for every {@value #BLOCK} aggregates, and the leaves of the blocks that changed, where it took every
 * leaf's node before.
 */
final class KnownHeads {

    /** The leaves of a block whose node is kept from one root to the next. */
    static final int BLOCK = 32;

    private long upTo = -1;
    private long events;
    private int count;
    /** The global index of each aggregate's first event, ascending: the order of the leaves. */
    private long[] firsts = new long[0];
    private byte[] leaves = new byte[0];
    /** The node over each whole block of leaves, as last worked out. */
    private byte[] blocks = new byte[0];
    /** A bit for each block whose node must be worked out again. */
    private long[] stale = new long[0];

    KnownHeads() {
    }

    /**
     * Heads held in the arrays given, none yet: {@code firsts}, ascending, the first events' global indexes of every
     * aggregate that may come, and {@code leaves} room for their leaves, which whoever gave it may write into ahead of
     * {@link #put(int, long, byte[], int)}. They are not grown.
     */
    KnownHeads(long[] firsts, byte[] leaves) {
        this.firsts = firsts;
        this.leaves = leaves;
        this.blocks = new byte[(firsts.length / BLOCK + 1) * HASH];
        this.stale = new long[firsts.length / BLOCK / Long.SIZE + 1];
    }

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
        if (count == 0) {
            return EventChain.sha256().digest();
        }
        for (int block = 0; block < count / BLOCK; block++) {
            if ((stale[block >>> 6] & (1L << block)) != 0) {
                byte[] node = MerkleTree.rootOfLeaves(leaves, block * BLOCK, BLOCK);
                System.arraycopy(node, 0, blocks, block * HASH, HASH);
                stale[block >>> 6] &= ~(1L << block);
            }
        }
        return node(EventChain.sha256(), 0, count);
    }

    /**
     * RFC 6962's node over {@code size} leaves from {@code from} on: a whole block's node as kept, a part of a block
     * from its leaves. Only the tree's last leaves make a part of a block, since every left subtree above a block is a
     * power of two of at least a block.
     */
    private byte[] node(MessageDigest sha256, int from, int size) {
        if (size == BLOCK) {
            return Arrays.copyOfRange(blocks, from / BLOCK * HASH, from / BLOCK * HASH + HASH);
        }
        if (size < BLOCK) {
            return MerkleTree.rootOfLeaves(leaves, from, size);
        }
        int left = Integer.highestOneBit(size - 1);
        return MerkleTree.node(sha256, node(sha256, from, left), node(sha256, from + left, size - left));
    }

    /**
     * Puts in place the heads that moved, one per aggregate: all of them at once, or in batches before
     * {@link #settle}. Each is found by its first event's global index; an aggregate not held yet is added after every
     * one held, so those must come in the order of their first events, after every aggregate held.
     */
    void put(List<MerkleTree.Head> moved) {
        MessageDigest sha256 = EventChain.sha256();
        for (MerkleTree.Head head : moved) {
            int at = Arrays.binarySearch(firsts, 0, count, head.firstGlobalIndex());
            if (at < 0) {
                if (count > 0 && head.firstGlobalIndex() < firsts[count - 1]) {
                    throw new IllegalArgumentException("Aggregate " + head.aggregateId() + " (first event "
                            + head.firstGlobalIndex() + ") is new but comes after an aggregate whose first event is "
                            + firsts[count - 1] + ": new aggregates come in the order of their first events");
                }
                at = append(head.firstGlobalIndex());
            }
            MerkleTree.leaf(sha256, head.aggregateId().getBytes(StandardCharsets.UTF_8), head.sequenceNumber(),
                    head.chainHash(), leaves, at * HASH);
            moved(at);
        }
    }

    /**
     * Puts a leaf already hashed in place {@code at}, of an aggregate whose first event is at {@code first}: the place
     * after the last one held adds the aggregate, so new ones come in the order of their places.
     */
    void put(int at, long first, byte[] leaf, int offset) {
        if (at > count) {
            throw new IllegalArgumentException("Place " + at + " is beyond the " + count + " aggregates held");
        }
        if (at == count) {
            append(first);
        }
        System.arraycopy(leaf, offset, leaves, at * HASH, HASH);
        moved(at);
    }

    /** The block of the leaf at {@code at} is hashed again before the next root. */
    private void moved(int at) {
        stale[at / BLOCK >>> 6] |= 1L << (at / BLOCK);
    }

    /**
     * The heads are now those at global index {@code to}, once every head moved up to it is {@link #put}:
     * {@code eventsStored} events were stored after {@link #upTo()} and up to it.
     */
    void settle(long to, long eventsStored) {
        upTo = to;
        events += eventsStored;
    }

    /** Adds an aggregate after every other, and answers its place. */
    private int append(long first) {
        if (count == firsts.length) {
            int capacity = Math.max(BLOCK, firsts.length + firsts.length / 2);
            firsts = Arrays.copyOf(firsts, capacity);
            leaves = Arrays.copyOf(leaves, capacity * HASH);
            blocks = Arrays.copyOf(blocks, (capacity / BLOCK + 1) * HASH);
            stale = Arrays.copyOf(stale, capacity / BLOCK / Long.SIZE + 1);
        }
        firsts[count] = first;
        return count++;
    }
}
