package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cases/{caseId}/corrections}: which fact is retracted, and why. */
record CorrectionRequest(@Schema(description = "the eventId of the fact, as its answer or the timeline gives it",
                                 example = "4f6c2a9e-8d3b-4b1e-9a57-0c2f1d7e5b31")
                         @NotBlank @Size(max = 100) String retractedEventId,
                         @Schema(example = "she was moved to another camp, not released") @NotBlank @Size(max = 2000) String reason,
                         @NotNull @Valid SourceRequest source) {
}
