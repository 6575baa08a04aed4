package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AuthorityKind;

/** Body of {@code POST /api/authorities}. {@code country} is an ISO 3166 alpha-2 code, absent for UN bodies. */
record RegisterAuthorityRequest(@Schema(example = "Parliament of the Kyrgyz Republic (Jogorku Kenesh)")
                                @NotBlank @Size(max = 300) String name,
                                @Schema(example = "PARLIAMENT") @NotNull AuthorityKind kind,
                                @Schema(description = "ISO 3166 alpha-2; absent for UN bodies", example = "KG")
                                @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 code such as KZ")
                                String country,
                                @Schema(description = "days within which an answer is due", example = "45")
                                @NotNull @Min(1) @Max(3650) Integer expectedResponseDays) {
}
