package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/trials}. */
record TrialRequest(@NotNull ApproximateDate date,
                    @Size(max = 300) String court,
                    @NotNull @Valid SourceRequest source) {
}
