package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/contact}: contact with the person was lost or re-established. */
record ContactRequest(@NotNull ContactState state,
                      @NotNull ApproximateDate date,
                      @NotNull @Valid SourceRequest source) {
}
