package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealChannel;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/follow-ups}. */
record FollowUpRequest(@Schema(example = "IN_PERSON") @NotNull AppealChannel channel,
                       @Schema(description = "not before the appeal nor in the future", example = "2025-04-15")
                       @NotNull LocalDate date,
                       @Schema(example = "His wife waited at the ministry's reception")
                       @Size(max = 4000) String summary) {
}
