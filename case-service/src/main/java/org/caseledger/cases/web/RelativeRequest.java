package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Relation;

/** Body of {@code POST /api/cases/{caseId}/relatives}: a relative, and their own case if they have one. */
record RelativeRequest(@NotNull Relation relation,
                       @Size(max = 300) String name,
                       @Size(max = 64) String relativeCaseId,
                       @NotNull ApproximateDate date,
                       @NotNull @Valid SourceRequest source) {
}
