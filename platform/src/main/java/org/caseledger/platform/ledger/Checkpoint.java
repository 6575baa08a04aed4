package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.media.Schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A signed statement of what a service's event store held: every event up to a global index, as the Merkle root over
 * every aggregate's head. Published to {@code caseledger.checkpoints.v1} as this JSON; docs/ledger-proof.md tells how
 * to check one.
 *
 * @param format          {@value #V2}, or {@value #V1} for a checkpoint signed before the leaves took the order of
 *                        the aggregates' first events (an absent format is the first); it begins the bytes signed
 * @param upToGlobalIndex every event stored at or below this global index, and no later one, is covered
 * @param merkleRoot      hex, over the aggregates' heads, in the order the format gives them (see {@link MerkleTree})
 * @param keyId           hex of the first 8 bytes of the SHA-256 of the signing key's public key (X.509 DER)
 * @param signature       base64 of the Ed25519 signature over {@link #signedBytes()}
 */
@Schema(example = """
        {"format": "caseledger-checkpoint-v2", "service": "case-service", "number": 12, "upToGlobalIndex": 18452,
         "events": 18452, "aggregates": 2107,
         "merkleRoot": "9f2c4e1a0b3d5f7e8c6a4b2d0f1e3c5a7b9d8e6f4a2c0b1d3e5f7a9c8b6d4e2f",
         "createdAt": "2026-03-02T10:15:30.123Z", "keyId": "3c5a7b9d8e6f4a2c",
         "signature": "kq0l3wq7N2t1c0b5pM0y8ZxA9iZ6m4r0pY2cQeH1b3f0mQkV4a5X0e8r7T2s1o9n3L6k5J4h3G2f1E0d9C8bAA=="}""")
public record Checkpoint(String format, String service, long number, long upToGlobalIndex, long events,
                         long aggregates, String merkleRoot, String createdAt, String keyId, String signature) {

    /** Checkpoints whose tree has its leaves in the order of the aggregate ids' bytes. */
    public static final String V1 = "caseledger-checkpoint-v1";
    /** Checkpoints whose tree has its leaves in the order of the aggregates' first events, made since. */
    public static final String V2 = "caseledger-checkpoint-v2";

    public Checkpoint {
        format = format == null ? V1 : format;
        if (!format.equals(V1) && !format.equals(V2)) {
            throw new IllegalArgumentException("'" + format + "' is no checkpoint format: " + V2 + " or " + V1);
        }
    }

    /** The same checkpoint with {@code signature}, made over its {@link #signedBytes()}. */
    public Checkpoint withSignature(String signature) {
        return new Checkpoint(format, service, number, upToGlobalIndex, events, aggregates, merkleRoot, createdAt,
                keyId, signature);
    }

    /**
     * What the signature covers, in this order: the format (UTF-8), field(service), number,
     * upToGlobalIndex, events, aggregates (each a big-endian 8-byte integer), the root's 32 bytes, field(createdAt),
     * field(keyId); field as in the event chain: a big-endian 4-byte length, then the UTF-8 bytes.
     */
    public byte[] signedBytes() {
        byte[] service = text(this.service);
        byte[] createdAt = text(this.createdAt);
        byte[] keyId = text(this.keyId);
        byte[] domain = text(format);
        ByteBuffer bytes = ByteBuffer.allocate(domain.length + 3 * Integer.BYTES + service.length + createdAt.length
                + keyId.length + 4 * Long.BYTES + 32);
        bytes.put(domain);
        bytes.putInt(service.length).put(service);
        bytes.putLong(number).putLong(upToGlobalIndex).putLong(events).putLong(aggregates);
        bytes.put(HexFormat.of().parseHex(merkleRoot));
        bytes.putInt(createdAt.length).put(createdAt);
        bytes.putInt(keyId.length).put(keyId);
        return bytes.array();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
