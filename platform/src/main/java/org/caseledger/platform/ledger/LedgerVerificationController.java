package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Whether the service's event store is as it was recorded, for admins. */
@RestController
@Tag(name = "ledger", description = "Proof that no stored event was altered, removed or moved")
class LedgerVerificationController {

    private final LedgerVerifier verifier;

    LedgerVerificationController(LedgerVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/admin/ledger/verification")
    @Operation(summary = "Recompute every aggregate's hash chain, check every signed checkpoint, and name the first "
            + "event and the first checkpoint that do not match",
            description = "Reads the whole event store and works out every event's hash again from its stored "
                    + "columns and the hash of the event before it, then checks each signed checkpoint's signature "
                    + "with the configured public key and its Merkle root against the events it covers "
                    + "(docs/ledger-proof.md). Answers 200 whether or not the ledger verifies: 'verified' says which; "
                    + "'firstProblem' names the aggregate, sequence number and event id of the first event that does "
                    + "not match and what is wrong with it, 'checkpointProblem' the first checkpoint the store or the "
                    + "key does not bear out.")
    LedgerVerification verification() {
        return verifier.verify();
    }
}
