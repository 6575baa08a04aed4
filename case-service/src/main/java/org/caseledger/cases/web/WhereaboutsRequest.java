package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.DetentionKind;

/** Body of {@code POST /api/cases/{caseId}/whereabouts}: where the person is held, or was moved to. */
record WhereaboutsRequest(@NotNull ApproximateDate date,
                          @Size(max = 500) String place,
                          @Size(max = 20) String facilityId,
                          @NotNull DetentionKind kind,
                          boolean transfer,
                          @NotNull @Valid SourceRequest source) {
}
