package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.platform.web.Problems;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** The current status of cases and the facts behind it, as projected from the cases topic. */
@RestController
@RequestMapping("/api/cases")
@Tag(name = "cases", description = "Each case as recorded, with the status it derived from its facts")
class CaseStatusController {

    private final CaseStatusQueries queries;

    CaseStatusController(CaseStatusQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/{caseId}")
    @Operation(summary = "A case: the person exactly as recorded, and the status the case derived")
    CaseStatusView findCase(@PathVariable String caseId) {
        return queries.findCase(caseId).orElseThrow(() -> notFound(caseId));
    }

    /** A merged duplicate is listed only with {@code includeMerged=true}; it stays reachable by its id. */
    @GetMapping
    @Operation(summary = "Cases page by page in case number order, by status if asked")
    CaseStatusPage findCases(@RequestParam Optional<CaseStatus> status,
                             @RequestParam(defaultValue = "false") boolean includeMerged,
                             @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return queries.findCases(status, includeMerged, page, size);
    }

    private static ErrorResponseException notFound(String caseId) {
        return Problems.notFound("No case '" + caseId + "' is known here; a case reported moments ago may still be "
                + "on its way");
    }
}
