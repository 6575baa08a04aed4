package org.caseledger.platform.ledger;

import org.caseledger.platform.ledger.MerkleTree.Head;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The root is the one docs/ledger-proof.md describes, so that a verifier written from the text alone agrees. */
class MerkleTreeTest {

    private static final byte[] HASH_A = sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final byte[] HASH_B = sha256("b".getBytes(StandardCharsets.UTF_8));
    private static final byte[] HASH_C = sha256("c".getBytes(StandardCharsets.UTF_8));

    /**
     * Three heads make a pair on the left and a leaf on the right, in the order of their first events; in a checkpoint
     * signed before the format was named, in the order of their ids' bytes: "Z" (0x5A) before "a" (0x61) before "é"
     * (0xC3 0xA9). Whatever the order they are given in.
     */
    @Test
    void threeHeadsMakeAPairOnTheLeftAndALeafOnTheRightInTheOrderTheFormatGives() {
        List<Head> heads = List.of(new Head("é", 0, HASH_C, 12), new Head("a", 4, HASH_B, 3),
                new Head("Z", 2, HASH_A, 40));

        assertThat(MerkleTree.root(heads, Checkpoint.V2))
                .isEqualTo(node(node(leaf("a", 4, HASH_B), leaf("é", 0, HASH_C)), leaf("Z", 2, HASH_A)));
        assertThat(MerkleTree.root(heads, Checkpoint.V1))
                .isEqualTo(node(node(leaf("Z", 2, HASH_A), leaf("a", 4, HASH_B)), leaf("é", 0, HASH_C)));
    }

    @Test
    void oneHeadIsItsOwnLeafAndNoneIsTheHashOfNothing() {
        for (String format : List.of(Checkpoint.V1, Checkpoint.V2)) {
            assertThat(MerkleTree.root(List.of(new Head("a", 7, HASH_A, 1)), format)).isEqualTo(leaf("a", 7, HASH_A));
            assertThat(MerkleTree.root(List.of(), format)).isEqualTo(sha256(new byte[0]));
        }
    }

    @Test
    void everyCountOfLeavesGivesTheRootOfTheRecursiveDefinition() {
        Random random = new Random(6962);
        for (int count = 0; count <= 300; count++) {
            byte[] leaves = new byte[count * 32];
            random.nextBytes(leaves);
            List<byte[]> each = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                each.add(Arrays.copyOfRange(leaves, i * 32, i * 32 + 32));
            }

            assertThat(MerkleTree.rootOfLeaves(leaves, count)).as("%d leaves", count)
                    .isEqualTo(recursiveRoot(each));
        }
    }

    /** RFC 6962, 2.1, as it reads: the left subtree takes the largest power of two below the count. */
    private static byte[] recursiveRoot(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return sha256(new byte[0]);
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int left = Integer.highestOneBit(leaves.size() - 1);
        return node(recursiveRoot(leaves.subList(0, left)), recursiveRoot(leaves.subList(left, leaves.size())));
    }

    private static byte[] leaf(String id, long sequence, byte[] hash) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return sha256(ByteBuffer.allocate(1 + 4 + idBytes.length + 8 + 32)
                .put((byte) 0).putInt(idBytes.length).put(idBytes).putLong(sequence).put(hash).array());
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha256(ByteBuffer.allocate(65).put((byte) 1).put(left).put(right).array());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
