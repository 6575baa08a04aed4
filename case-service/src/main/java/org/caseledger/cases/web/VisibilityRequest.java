package org.caseledger.cases.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Visibility;

/** Body of {@code POST /api/cases/{caseId}/visibility}. */
record VisibilityRequest(@NotNull Visibility visibility,
                         @NotBlank @Size(max = 2000) String reason) {
}
