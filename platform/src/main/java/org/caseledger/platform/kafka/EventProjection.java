package org.caseledger.platform.kafka;

import java.util.Collection;
import java.util.Set;

/**
 * Something that applies events read from a topic to its own tables. It is called inside the database transaction
 * that also stores the consumer's position, and must be idempotent per event: the same event can be published twice.
 */
@FunctionalInterface
public interface EventProjection {

    void apply(ConsumedEvent event);

    /**
     * Whether applying an event of the named type may open its sealed personal values. Before a poll's records are
     * applied, the keys of the subjects sealed in those of such types are asked for together; a projection that opens
     * none of a type's values says so, and no key is asked for on their account. A value opened all the same has its
     * key asked for as it is opened.
     */
    default boolean opensSealedValues(String type) {
        return true;
    }

    /**
     * The records of one poll, of every partition it read, are about to be applied, one by one, in this transaction: a
     * projection may read what it needs of their aggregates at once here rather than record by record.
     *
     * @param aggregateIds the aggregates the records belong to, each once
     */
    default void beginBatch(Collection<String> aggregateIds) {
    }

    /** Every record of the batch is applied: what the projection held back for the batch is written now. */
    default void finishBatch() {
    }

    /** The batch failed and its transaction is rolled back: what the projection held for it is forgotten. */
    default void abandonBatch() {
    }

    /**
     * The consumer was given partitions to read (by its group, outside any transaction), before it reads their
     * records: what the projection knows of records another instance of it applied or held may have changed.
     */
    default void partitionsAssigned() {
    }

    /**
     * Applies an event outside any batch as a batch of one, for a projection that holds a batch's writes back: the
     * batch begun with the event's aggregate, the event applied, the batch finished, or abandoned when applying fails.
     */
    static void asBatchOfOne(EventProjection projection, ConsumedEvent event, Runnable applying) {
        projection.beginBatch(Set.of(event.aggregateId()));
        try {
            applying.run();
        } catch (RuntimeException e) {
            projection.abandonBatch();
            throw e;
        }
        projection.finishBatch();
    }
}
