package org.caseledger.appeals.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppellantRole;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/escalations}: the new appeal, to another authority. */
record EscalationRequest(@NotBlank @Size(max = 64) String authorityId,
                         @NotNull AppealChannel channel,
                         @NotNull AppellantRole filedBy,
                         @NotNull LocalDate date,
                         @NotBlank @Size(max = 4000) String summary) {
}
