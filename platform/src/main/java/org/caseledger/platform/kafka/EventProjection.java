package org.caseledger.platform.kafka;

/**
 * Something that applies events read from a topic to its own tables. It is called inside the database transaction
 * that also stores the consumer's position, and must be idempotent per event: the same event can be published twice.
 */
@FunctionalInterface
public interface EventProjection {

    void apply(ConsumedEvent event);
}
