package org.caseledger.appeals.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealChannel;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/follow-ups}. */
record FollowUpRequest(@NotNull AppealChannel channel,
                       @NotNull LocalDate date,
                       @Size(max = 4000) String summary) {
}
