package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealOutcome;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/closure}. */
record ClosureRequest(@Schema(example = "INFORMATION_OBTAINED") @NotNull AppealOutcome outcome,
                      @Schema(description = "not before the appeal nor in the future", example = "2025-06-01")
                      @NotNull LocalDate date,
                      @Schema(example = "The ministry confirmed where he is held") @Size(max = 4000) String summary) {
}
