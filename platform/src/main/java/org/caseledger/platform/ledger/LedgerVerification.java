package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a verification of the whole event store found: whether every aggregate's chain holds, how much it checked and
 * the first event that does not match (aggregates in the order of their ids, events in sequence).
 *
 * @param brokenAggregates aggregates with at least one event that does not match; each is counted once, since after
 *                         the first such event the rest of its chain cannot match either
 */
@Schema(example = """
        {"verified": false, "eventsChecked": 18452, "aggregatesChecked": 2107, "brokenAggregates": 1,
         "firstProblem": {"aggregateId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "sequenceNumber": 3,
                          "eventId": "5f0c2a9e-7b1d-4e3f-9a8c-1d2e3f4a5b6c", "problem": "MISSING_SEQUENCE",
                          "detail": "No event 2 is on record before it: an event of this aggregate was removed"},
         "durationMillis": 412}""")
public record LedgerVerification(boolean verified, long eventsChecked, long aggregatesChecked, long brokenAggregates,
                                 @Schema(nullable = true) ChainProblem firstProblem, long durationMillis) {
}
