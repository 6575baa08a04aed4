package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/departures}. */
record DepartureRequest(@Schema(example = "2019-08") @NotNull ApproximateDate date,
                        @Schema(example = "Kazakhstan") @Size(max = 100) String destinationCountry,
                        @NotNull @Valid SourceRequest source) {
}
