package org.caseledger.cases.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cases/{caseId}/merge}: the case this one duplicates. */
record MergeRequest(@NotBlank @Size(max = 64) String intoCaseId,
                    @NotBlank @Size(max = 2000) String reason) {
}
