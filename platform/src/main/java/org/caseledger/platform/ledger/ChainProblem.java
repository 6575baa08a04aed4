package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.media.Schema;

/** The first event of an aggregate whose place in its chain does not hold, and what is wrong with it. */
@Schema(example = """
        {"aggregateId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "sequenceNumber": 3,
         "eventId": "5f0c2a9e-7b1d-4e3f-9a8c-1d2e3f4a5b6c", "problem": "HASH_MISMATCH",
         "detail": "Its stored hash is 4f1c…, but its columns and the chain before it give 9ab0…: this event was altered"}""")
public record ChainProblem(String aggregateId, long sequenceNumber, String eventId, Kind problem, String detail) {

    public enum Kind {
        /** The event's columns, with the hash of the one before it, do not give the hash it carries: altered. */
        HASH_MISMATCH,
        /** The sequence numbers before this event have a hole: an event was removed. */
        MISSING_SEQUENCE,
        /** The event was stored after the one that now follows it: the aggregate's events were reordered. */
        OUT_OF_ORDER
    }
}
