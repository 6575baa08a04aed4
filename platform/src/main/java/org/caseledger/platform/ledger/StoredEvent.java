package org.caseledger.platform.ledger;

/**
 * One row of the event store as the chain sees it: every column the hash covers, the store's position, and the hash
 * the row carries.
 */
public record StoredEvent(long globalIndex, String aggregateId, long sequenceNumber, String aggregateType,
                          String eventId, String payloadType, String payloadRevision, String timestamp,
                          byte[] metadata, byte[] payload, byte[] chainHash) {
}
