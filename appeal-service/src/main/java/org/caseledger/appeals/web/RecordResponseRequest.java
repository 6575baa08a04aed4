package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.ResponseType;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/responses}. */
record RecordResponseRequest(@Schema(example = "DENIED") @NotNull ResponseType type,
                             @Schema(description = "the day of the answer, not before the appeal nor in the future",
                                     example = "2025-04-10")
                             @NotNull LocalDate date,
                             @Schema(example = "Not a citizen of Kazakhstan; the ministry cannot intervene")
                             @Size(max = 4000) String summary) {
}
