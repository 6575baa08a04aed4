package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.ApproximateDate;

/** Body of {@code POST /api/cases/{caseId}/sentences}. */
record SentenceRequest(@NotNull ApproximateDate date,
                       @Size(max = 300) String court,
                       @NotNull @Valid TermRequest term,
                       @NotNull @Valid SourceRequest source) {
}
