package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/trials}. */
record TrialRequest(@Schema(example = "2018-12") @NotNull ApproximateDate date,
                    @Schema(example = "Ili Prefecture Intermediate People's Court") @Size(max = 300) String court,
                    @NotNull @Valid SourceRequest source) {
}
