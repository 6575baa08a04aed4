package org.caseledger.appeals.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealOutcome;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/closure}. */
record ClosureRequest(@NotNull AppealOutcome outcome,
                      @NotNull LocalDate date,
                      @Size(max = 4000) String summary) {
}
