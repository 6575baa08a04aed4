package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.ReleaseConditions;

/** Body of {@code POST /api/cases/{caseId}/releases}. */
record ReleaseRequest(@NotNull ApproximateDate date,
                      @NotNull ReleaseConditions conditions,
                      @NotNull @Valid SourceRequest source) {
}
