package org.caseledger.projections.appeals;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Appeals per case, and how each authority has answered them, as projected from the appeals topic. */
@RestController
@Tag(name = "appeals", description = "Appeals per case, and how each authority has answered them")
class AppealController {

    private final AppealQueries queries;

    AppealController(AppealQueries queries) {
        this.queries = queries;
    }

    /** A case without appeals, or not known here yet, has an empty list. */
    @GetMapping("/api/cases/{caseId}/appeals")
    @Operation(summary = "The appeals of a case, with their status and days waiting")
    CaseAppeals appealsOf(@PathVariable String caseId) {
        return queries.appealsOf(caseId);
    }

    @GetMapping("/api/authorities/{authorityId}/record")
    @Operation(summary = "How an authority has answered the appeals made to it")
    AuthorityRecord recordOf(@PathVariable String authorityId) {
        return queries.recordOf(authorityId).orElseThrow(() -> Problems.notFound(
                "No authority '" + authorityId + "' is known here and no appeal names it"));
    }
}
