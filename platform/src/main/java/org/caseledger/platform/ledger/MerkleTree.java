package org.caseledger.platform.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    private MerkleTree() {
    }

    public static byte[] root(List<Head> heads) {
        List<Head> ordered = heads.stream().sorted(Comparator.comparing(Head::aggregateId, BYTE_ORDER)).toList();
        byte[][] leaves = new byte[ordered.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leaf(ordered.get(i));
        }
        return root(leaves, 0, leaves.length);
    }

    /** The root over leaves already hashed ({@link #leaf}), in their aggregate ids' order ({@link #BYTE_ORDER}). */
    static byte[] rootOfLeaves(byte[][] leaves) {
        return root(leaves, 0, leaves.length);
    }

    /** One head's leaf: what the root is computed over, so that a head that did not change need not be hashed again. */
    static byte[] leaf(Head head) {
        MessageDigest sha256 = EventChain.sha256();
        sha256.update((byte) 0);
        byte[] id = head.aggregateId().getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(id.length).array());
        sha256.update(id);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(head.sequenceNumber()).array());
        sha256.update(head.chainHash());
        return sha256.digest();
    }

    private static byte[] root(byte[][] leaves, int from, int to) {
        int count = to - from;
        if (count == 0) {
            return EventChain.sha256().digest();
        }
        if (count == 1) {
            return leaves[from];
        }
        int split = Integer.highestOneBit(count - 1);
        MessageDigest sha256 = EventChain.sha256();
        sha256.update((byte) 1);
        sha256.update(root(leaves, from, from + split));
        sha256.update(root(leaves, from + split, to));
        return sha256.digest();
    }
}
