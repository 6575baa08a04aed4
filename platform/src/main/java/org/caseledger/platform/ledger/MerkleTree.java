package org.caseledger.platform.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The root over every aggregate's head that a checkpoint signs, shaped as Certificate Transparency's Merkle tree
 * (RFC 6962, 2.1): leaves and nodes hashed with different first bytes, so that a leaf can never pass for a node.
 * The order of the leaves is the checkpoint's format's ({@link #order}): the aggregates' first events' for
 * {@value Checkpoint#V2}, their ids' UTF-8 bytes for {@value Checkpoint#V1}; any tool can reproduce either from the
 * events alone.
 */
public final class MerkleTree {

    /**
     * An aggregate's head: the sequence number and hash of its last event up to the checkpoint, and the global index
     * of its first event, which places its leaf in a checkpoint of {@value Checkpoint#V2}.
     */
    public record Head(String aggregateId, long sequenceNumber, byte[] chainHash, long firstGlobalIndex) {
    }

    /** Compares texts as their UTF-8 bytes, unsigned: the order PostgreSQL's "C" collation and every tool agree on. */
    public static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The bytes of a leaf, a node and the root. */
    static final int HASH = 32;
    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private MerkleTree() {
    }

    /**
     * The order of the leaves in a checkpoint of {@code format}: since {@value Checkpoint#V2}, the order in which the
     * aggregates' first events were stored, so that an aggregate opened since the checkpoint before adds a leaf after
     * every other and moves none of theirs; before, the order of the ids' bytes.
     */
    static Comparator<Head> order(String format) {
        return switch (format) {
            case Checkpoint.V2 -> Comparator.comparingLong(Head::firstGlobalIndex);
            case Checkpoint.V1 -> Comparator.comparing(Head::aggregateId, BYTE_ORDER);
            default -> throw new IllegalArgumentException("No checkpoint format " + format);
        };
    }

    public static byte[] root(List<Head> heads, String format) {
        List<Head> ordered = heads.stream().sorted(order(format)).toList();
        MessageDigest sha256 = EventChain.sha256();
        byte[] leaves = new byte[ordered.size() * HASH];
        for (int i = 0; i < ordered.size(); i++) {
            Head head = ordered.get(i);
            leaf(sha256, head.aggregateId().getBytes(StandardCharsets.UTF_8), head.sequenceNumber(), head.chainHash(),
                    leaves, i * HASH);
        }
        return rootOfLeaves(leaves, ordered.size());
    }

    /**
     * The root over the first {@code count} leaves already hashed ({@link #leaf}), 32 bytes each one after another, in
     * the tree's order. Worked out in one pass over the leaves, holding only the
     * complete subtrees on the way (at most one of each size, as the bits of the count so far): a leaf joins the
     * subtree before it while the two are of one size, and at the end the subtrees left, largest on the left, are
     * joined from the right. That is the tree of RFC 6962's recursive definition, whose left subtree is the largest
     * power of two below the count ({@code MerkleTreeTest} holds the two to the same roots).
     */
    static byte[] rootOfLeaves(byte[] leaves, int count) {
        return rootOfLeaves(leaves, 0, count);
    }

    /**
     * The root of the subtree over the {@code count} leaves from leaf {@code from} on, as {@link #rootOfLeaves(byte[],
     * int)} works it out: RFC 6962's node over those leaves, when the tree has one there.
     */
    static byte[] rootOfLeaves(byte[] leaves, int from, int count) {
        if (count == 0) {
            return EventChain.sha256().digest();
        }
        MessageDigest sha256 = EventChain.sha256();
        byte[] subtrees = new byte[(Integer.SIZE + 1) * HASH];
        int[] heights = new int[Integer.SIZE + 1];
        int held = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(leaves, (from + i) * HASH, subtrees, held * HASH, HASH);
            heights[held++] = 0;
            while (held > 1 && heights[held - 1] == heights[held - 2]) {
                join(sha256, subtrees, --held);
                heights[held - 1]++;
            }
        }
        while (held > 1) {
            join(sha256, subtrees, --held);
        }
        return Arrays.copyOf(subtrees, HASH);
    }

    /** The node over two subtrees' roots, the left one first. */
    static byte[] node(MessageDigest sha256, byte[] left, byte[] right) {
        sha256.update(NODE);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** Hashes the subtree at {@code right} with the one before it into the place of the one before it. */
    private static void join(MessageDigest sha256, byte[] subtrees, int right) {
        sha256.update(NODE);
        sha256.update(subtrees, (right - 1) * HASH, 2 * HASH);
        digestInto(sha256, subtrees, (right - 1) * HASH);
    }

    /**
     * One head's leaf, written at {@code offset} of {@code into}: what the root is computed over, so that a head that
     * did not change need not be hashed again.
     */
    static void leaf(MessageDigest sha256, byte[] aggregateId, long sequenceNumber, byte[] chainHash, byte[] into,
                     int offset) {
        sha256.update(LEAF);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(aggregateId.length).array());
        sha256.update(aggregateId);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(sequenceNumber).array());
        sha256.update(chainHash);
        digestInto(sha256, into, offset);
    }

    private static void digestInto(MessageDigest sha256, byte[] into, int offset) {
        try {
            sha256.digest(into, offset, HASH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 always fits the 32 bytes it is given", e);
        }
    }
}
