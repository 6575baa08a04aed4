package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/evidence}: a file described by its SHA-256, kept elsewhere. */
record EvidenceRequest(@Schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the SHA-256 of the file as 64 hex digits") String sha256,
                       @Schema(example = "image/jpeg") @NotBlank @Pattern(regexp = "[\\w.+-]+/[\\w.+-]+", message = "must be a media type such as image/jpeg") String mediaType,
                       @Schema(example = "photograph of the detention notice") @Size(max = 2000) String description,
                       @Schema(description = "where the file is kept", example = "vault/2019/notice-17.jpg") @NotBlank @Size(max = 500) String storedAt,
                       @Schema(example = "volunteer.aigerim") @Size(max = 200) String capturedBy,
                       @Schema(example = "2019-03") @NotNull ApproximateDate date,
                       @NotNull @Valid SourceRequest source) {
}
