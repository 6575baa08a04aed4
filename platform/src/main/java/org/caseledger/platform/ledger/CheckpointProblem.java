package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.media.Schema;

/** The first signed checkpoint that the store, or the public key, does not bear out. */
@Schema(example = """
        {"number": 7, "problem": "STORE_CHANGED",
         "detail": "Checkpoint 7 signed 1204 events of 311 aggregates up to global index 1204 with root 3b1f…; the store now holds 1203 events of 311 aggregates up to it, with root 9ac0…: an event it covered was removed or changed"}""")
public record CheckpointProblem(long number, Kind problem, String detail) {

    public enum Kind {
        /** The signature does not verify with the configured public key, or names another key. */
        BAD_SIGNATURE,
        /** A checkpoint's number is missing from the series: it was removed. */
        MISSING_CHECKPOINT,
        /** The events up to the checkpoint's global index no longer give what it signed. */
        STORE_CHANGED,
        /** Checkpoints are on record, but no public key to verify them was configured. */
        NO_PUBLIC_KEY
    }
}
