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
 * Leaves are in the order of their aggregate ids' UTF-8 bytes, which any tool can reproduce without a collation.
 */
public final class MerkleTree {

    /** An aggregate's head: the sequence number and hash of its last event up to the checkpoint. */
    public record Head(String aggregateId, long sequenceNumber, byte[] chainHash) {
    }

    /** Compares texts as their UTF-8 bytes, unsigned: the order PostgreSQL's "C" collation and every tool agree on. */
    public static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final int HASH = 32;
    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private MerkleTree() {
    }

    public static byte[] root(List<Head> heads) {
        List<Head> ordered = heads.stream().sorted(Comparator.comparing(Head::aggregateId, BYTE_ORDER)).toList();
        MessageDigest sha256 = EventChain.sha256();
        byte[][] leaves = new byte[ordered.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leaf(sha256, ordered.get(i));
        }
        return rootOfLeaves(leaves);
    }

    /**
     * The root over leaves already hashed ({@link #leaf}), in their aggregate ids' order ({@link #BYTE_ORDER}).
     * Worked out a level at a time from the leaves up, in one array and with one digest: each level pairs its nodes
     * from the left, and a last node left without a partner goes up as it is. That is the tree of RFC 6962's recursive
     * definition: the left subtree's count is a power of two, so that no pair at any level straddles the two subtrees,
     * and the right subtree, no larger, is down to one node before the left one is ({@code MerkleTreeTest} holds the
     * two to the same roots). A checkpoint hashes every node of the tree again, one per aggregate, because an
     * aggregate opened since the last one moves every leaf after it.
     */
    static byte[] rootOfLeaves(byte[][] leaves) {
        int count = leaves.length;
        if (count == 0) {
            return EventChain.sha256().digest();
        }
        byte[] level = new byte[count * HASH];
        for (int i = 0; i < count; i++) {
            System.arraycopy(leaves[i], 0, level, i * HASH, HASH);
        }
        MessageDigest sha256 = EventChain.sha256();
        while (count > 1) {
            int pairs = count / 2;
            for (int i = 0; i < pairs; i++) {
                sha256.update(NODE);
                sha256.update(level, 2 * i * HASH, 2 * HASH);
                digestInto(sha256, level, i * HASH);
            }
            if (count % 2 == 1) {
                System.arraycopy(level, (count - 1) * HASH, level, pairs * HASH, HASH);
            }
            count = pairs + count % 2;
        }
        return Arrays.copyOf(level, HASH);
    }

    /** One head's leaf: what the root is computed over, so that a head that did not change need not be hashed again. */
    static byte[] leaf(Head head) {
        return leaf(EventChain.sha256(), head);
    }

    private static byte[] leaf(MessageDigest sha256, Head head) {
        sha256.update(LEAF);
        byte[] id = head.aggregateId().getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(id.length).array());
        sha256.update(id);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(head.sequenceNumber()).array());
        sha256.update(head.chainHash());
        return sha256.digest();
    }

    private static void digestInto(MessageDigest sha256, byte[] into, int offset) {
        try {
            sha256.digest(into, offset, HASH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 always fits the 32 bytes it is given", e);
        }
    }
}
