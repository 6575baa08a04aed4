package org.caseledger.cases.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.DetentionKind;

/** A detention: when, where (free text, a facility of the register, or both) and into what. */
record DetentionRequest(@NotNull ApproximateDate date,
                        @Size(max = 500) String place,
                        @Size(max = 20) String facilityId,
                        @NotNull DetentionKind kind) {
}
