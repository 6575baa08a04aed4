package org.caseledger.projections.appeals;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.security.Reader;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.redaction.DataClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/** Appeals per case, and how each authority has answered them, as projected from the appeals topic. */
@RestController
@Tag(name = "appeals", description = "Appeals per case, and how each authority has answered them")
class AppealController {

    private final AppealQueries queries;
    private final AccessLog accessLog;

    AppealController(AppealQueries queries, AccessLog accessLog) {
        this.queries = queries;
        this.accessLog = accessLog;
    }

    /** A case without appeals, or not known here yet, has an empty list. */
    @GetMapping("/api/cases/{caseId}/appeals")
    @Operation(summary = "The appeals of a case, with their status and days waiting",
            description = "What the family did for the person, and with whom: an answer with appeals is logged.")
    CaseAppeals appealsOf(@PathVariable String caseId) {
        return accessLog.read(Reader.required(), "GET /api/cases/{caseId}/appeals", () -> queries.appealsOf(caseId),
                appeals -> new AccessLog.Disclosure(appeals.items().isEmpty() ? List.of() : List.of(caseId),
                        Set.of(DataClass.APPEALS)));
    }

    @GetMapping("/api/authorities/{authorityId}/record")
    @Operation(summary = "How an authority has answered the appeals made to it",
            description = "Counts and figures only, no personal data.")
    AuthorityRecord recordOf(@PathVariable String authorityId) {
        return queries.recordOf(authorityId).orElseThrow(() -> Problems.notFound(
                "No authority '" + authorityId + "' is known here and no appeal names it"));
    }
}
