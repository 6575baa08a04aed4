package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/contact}: contact with the person was lost or re-established. */
record ContactRequest(@Schema(example = "LOST") @NotNull ContactState state,
                      @Schema(example = "2018-02") @NotNull ApproximateDate date,
                      @NotNull @Valid SourceRequest source) {
}
