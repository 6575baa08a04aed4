package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cases/{caseId}/merge}: the case this one duplicates. */
record MergeRequest(@Schema(example = "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f") @NotBlank @Size(max = 64) String intoCaseId,
                    @Schema(example = "same man, his name spelt differently") @NotBlank @Size(max = 2000) String reason) {
}
