package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/cases/{caseId}/erasure}.
 *
 * @param subjectId a testimony id or a relative id of the case; absent for the case's person
 */
record ErasureRequest(@Schema(example = "the person withdrew consent through his lawyer", description = "Why: kept "
                              + "with the destroyed key in the keys' database, never in the ledger")
                      @NotBlank @Size(max = 2000) String reason,
                      @Schema(example = "0b6f3c9e-6a3e-4b8e-9f1e-2d4c8a7b5e10", description = "A testimony id or a "
                              + "relative id of this case, whose giver or relative is erased; absent or null for the "
                              + "case's person")
                      @Size(max = 100) String subjectId) {
}
