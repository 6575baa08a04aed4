package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/charges}. */
record ChargeRequest(@NotNull ApproximateDate date,
                     @NotBlank @Size(max = 1000) String charge,
                     @NotNull @Valid SourceRequest source) {
}
