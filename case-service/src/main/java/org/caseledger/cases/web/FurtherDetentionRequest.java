package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/cases/{caseId}/detentions}. */
record FurtherDetentionRequest(@NotNull @Valid DetentionRequest detention,
                               @NotNull @Valid SourceRequest source) {
}
