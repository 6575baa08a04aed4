package org.caseledger.projections.appeals;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Appeals per case, and how each authority has answered them, as projected from the appeals topic. */
@RestController
class AppealController {

    private final AppealQueries queries;

    AppealController(AppealQueries queries) {
        this.queries = queries;
    }

    /** A case without appeals, or not known here yet, has an empty list. */
    @GetMapping("/api/cases/{caseId}/appeals")
    CaseAppeals appealsOf(@PathVariable String caseId) {
        return queries.appealsOf(caseId);
    }

    @GetMapping("/api/authorities/{authorityId}/record")
    AuthorityRecord recordOf(@PathVariable String authorityId) {
        return queries.recordOf(authorityId).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No authority '" + authorityId + "' is known here and no appeal names it");
            problem.setTitle("Authority not found");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }
}
