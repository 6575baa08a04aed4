package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * One row of an import as the requests an operator would send for it: the detention that opens the case, and the
 * facts that follow, each null when the row gives none. It is what the row's idempotency key is bound to.
 */
record ImportRow(@NotNull @Valid ReportDetentionRequest opening,
                 @Valid SentenceRequest sentence,
                 @Valid ReleaseRequest release,
                 @Valid DepartureRequest departure,
                 @Valid DeathRequest death) {
}
