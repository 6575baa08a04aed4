package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a verification of the whole event store found: whether every aggregate's chain holds and every signed
 * checkpoint is borne out by the store and the public key, how much it checked, and the first event (aggregates in
 * the order of their ids, events in sequence) and the first checkpoint that do not match.
 *
 * @param brokenAggregates aggregates with at least one event that does not match; each is counted once, since after
 *                         the first such event the rest of its chain cannot match either
 */
@Schema(example = """
        {"verified": false, "eventsChecked": 18452, "aggregatesChecked": 2107, "brokenAggregates": 1,
         "firstProblem": {"aggregateId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "sequenceNumber": 3,
                          "eventId": "5f0c2a9e-7b1d-4e3f-9a8c-1d2e3f4a5b6c", "problem": "MISSING_SEQUENCE",
                          "detail": "No event 2 is on record before it: an event of this aggregate was removed"},
         "checkpointsChecked": 18, "latestCheckpoint": 18, "checkpointProblem": null,
         "durationMillis": 412}""")
public record LedgerVerification(boolean verified, long eventsChecked, long aggregatesChecked, long brokenAggregates,
                                 @Schema(nullable = true) ChainProblem firstProblem,
                                 long checkpointsChecked, @Schema(nullable = true) Long latestCheckpoint,
                                 @Schema(nullable = true) CheckpointProblem checkpointProblem,
                                 long durationMillis) {
}
