package org.caseledger.platform.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash an event must carry, worked out again in Java from the stored columns alone, byte for byte as the event
 * store's trigger defines it (db/axon/V0_1_2__event_hash_chain.sql): written twice on purpose, so that neither the
 * trigger nor this class can vouch for itself.
 */
public final class EventChain {

    /** What the first event of every aggregate chains to. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] DOMAIN = "caseledger-event-chain-v1".getBytes(StandardCharsets.UTF_8);

    private EventChain() {
    }

    public static byte[] hash(byte[] previous, StoredEvent event) {
        MessageDigest sha256 = sha256();
        sha256.update(DOMAIN);
        sha256.update(previous);
        field(sha256, text(event.aggregateId()));
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(event.sequenceNumber()).array());
        field(sha256, text(event.aggregateType()));
        field(sha256, text(event.eventId()));
        field(sha256, text(event.payloadType()));
        field(sha256, text(event.payloadRevision()));
        field(sha256, text(event.timestamp()));
        field(sha256, event.metadata());
        field(sha256, event.payload());
        return sha256.digest();
    }

    /** Its length first, so that no two different lists of fields give the same bytes; -1 for nothing at all. */
    private static void field(MessageDigest sha256, byte[] value) {
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            sha256.update(value);
        }
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
