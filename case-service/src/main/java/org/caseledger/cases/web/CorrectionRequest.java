package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cases/{caseId}/corrections}: which fact is retracted, and why. */
record CorrectionRequest(@NotBlank @Size(max = 100) String retractedEventId,
                         @NotBlank @Size(max = 2000) String reason,
                         @NotNull @Valid SourceRequest source) {
}
