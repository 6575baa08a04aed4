package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/evidence}: a file described by its SHA-256, kept elsewhere. */
record EvidenceRequest(@NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the SHA-256 of the file as 64 hex digits") String sha256,
                       @NotBlank @Pattern(regexp = "[\\w.+-]+/[\\w.+-]+", message = "must be a media type such as image/jpeg") String mediaType,
                       @Size(max = 2000) String description,
                       @NotBlank @Size(max = 500) String storedAt,
                       @Size(max = 200) String capturedBy,
                       @NotNull ApproximateDate date,
                       @NotNull @Valid SourceRequest source) {
}
