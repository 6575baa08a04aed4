package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/cases}: the detention that opens a case. */
record ReportDetentionRequest(@NotNull @Valid PersonRequest person,
                              @NotNull @Valid DetentionRequest detention,
                              @NotNull @Valid SourceRequest source) {
}
