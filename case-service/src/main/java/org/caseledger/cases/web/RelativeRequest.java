package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Relation;

/** Body of {@code POST /api/cases/{caseId}/relatives}: a relative, and their own case if they have one. */
record RelativeRequest(@Schema(example = "SPOUSE") @NotNull Relation relation,
                       @Schema(example = "Gulnar Kokteubaeva") @Size(max = 300) String name,
                       @Schema(description = "the relative's own case, if they have one",
                               example = "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f") @Size(max = 64) String relativeCaseId,
                       @Schema(example = "2019-03") @NotNull ApproximateDate date,
                       @NotNull @Valid SourceRequest source) {
}
