package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/deaths}. */
record DeathRequest(@Schema(example = "2019-02") @NotNull ApproximateDate date,
                    @Schema(example = "the family was handed his body without explanation") @Size(max = 5000) String circumstances,
                    @Schema(defaultValue = "false", example = "true") Boolean inCustody,
                    @NotNull @Valid SourceRequest source) {

    DeathRequest {
        inCustody = inCustody != null && inCustody;
    }
}
