package org.caseledger.projections.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The facts of a case in recording order, as projected from the cases topic. */
@RestController
@Tag(name = "timeline", description = "Every fact of a case in recording order, retracted ones kept and marked")
class TimelineController {

    private final TimelineQueries queries;

    TimelineController(TimelineQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/cases/{caseId}/timeline")
    @Operation(summary = "The timeline of a case")
    CaseTimeline findTimeline(@PathVariable String caseId) {
        return queries.findTimeline(caseId).orElseThrow(() -> Problems.notFound("No case '" + caseId
                + "' is known here; a case reported moments ago may still be on its way"));
    }
}
