package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Visibility;

/** Body of {@code POST /api/cases/{caseId}/testimonies}. */
record TestimonyRequest(@NotNull @Valid TestimonyGiverRequest givenBy,
                        @Schema(example = "2019-03") @NotNull ApproximateDate date,
                        @Schema(example = "kk") @NotBlank @Size(max = 50) String language,
                        @Schema(example = "Police took him from his shop at night; the family has heard nothing since.")
                        @NotBlank @Size(max = 20000) String summary,
                        @Schema(description = "whether the testimony may be published", defaultValue = "false", example = "false")
                        Boolean consentToPublish,
                        @Schema(example = "RESTRICTED") @NotNull Visibility visibility,
                        @NotNull @Valid SourceRequest source) {

    TestimonyRequest {
        consentToPublish = consentToPublish != null && consentToPublish;
    }
}
