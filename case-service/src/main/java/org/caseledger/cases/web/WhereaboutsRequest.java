package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.DetentionKind;

/** Body of {@code POST /api/cases/{caseId}/whereabouts}: where the person is held, or was moved to. */
record WhereaboutsRequest(@Schema(example = "2018-09") @NotNull ApproximateDate date,
                          @Schema(example = "Ghulja") @Size(max = 500) String place,
                          @Schema(description = "id of the facility in the register", example = "106") @Size(max = 20) String facilityId,
                          @Schema(example = "PRISON") @NotNull DetentionKind kind,
                          @Schema(description = "whether the person was moved there", defaultValue = "false", example = "true")
                          Boolean transfer,
                          @NotNull @Valid SourceRequest source) {

    WhereaboutsRequest {
        transfer = transfer != null && transfer;
    }
}
