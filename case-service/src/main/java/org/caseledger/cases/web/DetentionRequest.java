package org.caseledger.cases.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;

record DetentionRequest(@NotNull ApproximateDate date,
                        @Size(max = 500) String place,
                        @NotNull DetentionKind kind) {

    Detention toDetention() {
        return new Detention(date, place == null || place.isBlank() ? null : place.strip(), kind);
    }
}
