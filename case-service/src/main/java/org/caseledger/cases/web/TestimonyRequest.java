package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Visibility;

/** Body of {@code POST /api/cases/{caseId}/testimonies}. */
record TestimonyRequest(@NotNull @Valid TestimonyGiverRequest givenBy,
                        @NotNull ApproximateDate date,
                        @NotBlank @Size(max = 50) String language,
                        @NotBlank @Size(max = 20000) String summary,
                        boolean consentToPublish,
                        @NotNull Visibility visibility,
                        @NotNull @Valid SourceRequest source) {
}
