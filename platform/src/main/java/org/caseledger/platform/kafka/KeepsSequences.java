package org.caseledger.platform.kafka;

import java.util.Collection;
import java.util.Map;

/**
 * A projection whose own rows hold each aggregate's last sequence applied (a version), moved in the transaction that
 * applies the event. {@link InSequence} reads the sequences there instead of keeping them a second time in its table
 * {@code applied_sequence}: one read and one write fewer for every batch, and nothing of the model's outside its own
 * tables.
 *
 * <p>What {@link InSequence} relies on: every event it passes on in order, one past its aggregate's last sequence, moves
 * that aggregate's sequence to the event's, whatever its type, even one this consumer does not know (no payload) or one
 * the projection has nothing to do with. An aggregate without rows has applied nothing; its events wait until its first
 * one (sequence 0) has made them.
 */
public interface KeepsSequences extends EventProjection {

    /**
     * The last sequence applied of each of these aggregates that has rows, which stay locked until the transaction
     * ends; an aggregate without rows is not in it. In a batch it is asked right after {@link #beginBatch} for the
     * batch's aggregates, and may answer from what the batch read.
     */
    Map<String, Long> lastSequences(Collection<String> aggregateIds);
}
