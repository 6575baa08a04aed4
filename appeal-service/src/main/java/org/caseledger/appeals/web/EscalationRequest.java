package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppellantRole;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/escalations}: the new appeal, to another authority. */
record EscalationRequest(@Schema(description = "another authority of the register", example = "un-wgeid")
                         @NotBlank @Size(max = 64) String authorityId,
                         @Schema(example = "UN_COMMUNICATION") @NotNull AppealChannel channel,
                         @Schema(example = "NGO") @NotNull AppellantRole filedBy,
                         @Schema(description = "not before the appeal nor in the future", example = "2025-05-02")
                         @NotNull LocalDate date,
                         @Schema(example = "Urgent action request") @NotBlank @Size(max = 4000) String summary) {
}
