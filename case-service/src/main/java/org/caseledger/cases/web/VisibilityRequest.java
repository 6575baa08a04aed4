package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Visibility;

/** Body of {@code POST /api/cases/{caseId}/visibility}. */
record VisibilityRequest(@Schema(example = "PUBLIC") @NotNull Visibility visibility,
                         @Schema(example = "the family asked for his case to be made public") @NotBlank @Size(max = 2000) String reason) {
}
