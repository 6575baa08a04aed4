package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/departures}. */
record DepartureRequest(@NotNull ApproximateDate date,
                        @Size(max = 100) String destinationCountry,
                        @NotNull @Valid SourceRequest source) {
}
