package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/charges}. */
record ChargeRequest(@Schema(example = "2018-06") @NotNull ApproximateDate date,
                     @Schema(example = "inciting ethnic hatred") @NotBlank @Size(max = 1000) String charge,
                     @NotNull @Valid SourceRequest source) {
}
