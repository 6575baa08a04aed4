package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/deaths}. */
record DeathRequest(@NotNull ApproximateDate date,
                    @Size(max = 5000) String circumstances,
                    boolean inCustody,
                    @NotNull @Valid SourceRequest source) {
}
