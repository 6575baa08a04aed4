package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.DetentionKind;

/** A detention: when, where (free text, a facility of the register, or both) and into what. */
record DetentionRequest(@Schema(example = "2017-11") @NotNull ApproximateDate date,
                        @Schema(example = "Zhaosu County") @Size(max = 500) String place,
                        @Schema(description = "id of the facility in the register", example = "106") @Size(max = 20) String facilityId,
                        @Schema(example = "CAMP") @NotNull DetentionKind kind) {
}
