package org.caseledger.appeals.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.ResponseType;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals/{appealId}/responses}. */
record RecordResponseRequest(@NotNull ResponseType type,
                             @NotNull LocalDate date,
                             @Size(max = 4000) String summary) {
}
