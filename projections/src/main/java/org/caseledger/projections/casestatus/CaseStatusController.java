package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.swagger.v3.oas.annotations.Parameter;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.platform.security.Reader;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.history.AsOf;
import org.caseledger.projections.history.CaseHistory;
import org.caseledger.projections.redaction.Redaction;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The current status of cases and the facts behind it, as projected from the cases topic. */
@RestController
@RequestMapping("/api/cases")
@Tag(name = "cases", description = "Each case as recorded, with the status it derived from its facts")
class CaseStatusController {

    private final CaseStatusQueries queries;
    private final CaseList caseList;
    private final AccessLog accessLog;
    private final CaseHistory history;
    private final CaseHistory.Fold fold;
    private final Clock clock;

    CaseStatusController(CaseStatusQueries queries, CaseList caseList, AccessLog accessLog, CaseHistory history,
                         CaseStatusProjection projection, Clock clock) {
        this.queries = queries;
        this.caseList = caseList;
        this.accessLog = accessLog;
        this.history = history;
        this.fold = new CaseHistory.Fold(CaseStatusProjection.TABLES, projection);
        this.clock = clock;
    }

    @GetMapping("/{caseId}")
    @Operation(summary = "A case: the person exactly as recorded, and the status the case derived",
            description = "The person's data (name, person) only where the reader's role may see it for the case's "
                    + "visibility (VIEWER: PUBLIC cases; ANALYST, OPERATOR: PUBLIC and RESTRICTED; ADMIN: all); "
                    + "otherwise null and named in 'redacted'. An answer with the person's data is logged. With "
                    + "asOf, the case as the ledger knew it then: only the facts recorded by then, corrections, "
                    + "merges and visibility changes recorded later not applied, the status the case had derived by "
                    + "then; redacted by the stricter of its visibility then and now, which the answer shows. 404 "
                    + "when nothing of the case had been recorded by then.")
    CaseStatusView findCase(@PathVariable String caseId,
                            @Parameter(description = "knowledge time: a moment with its offset "
                                    + "(2019-06-30T12:00:00Z) or a day (2019-06-30: by its end, UTC), not in the "
                                    + "future", example = "2019-06-30T12:00:00Z")
                            @RequestParam(required = false) String asOf) {
        Reader reader = Reader.required();
        Optional<Instant> knownAt = AsOf.of(asOf, clock);
        if (knownAt.isPresent()) {
            return accessLog.read(reader, "GET /api/cases/{caseId}?asOf",
                    () -> history.asKnownAt(caseId, knownAt.get(), fold, now -> queries.findCase(caseId)
                                    .map(then -> then.shownAs(Redaction.stricter(then.visibility(), now))))
                            .map(view -> CaseList.redacted(view, reader))
                            .orElseThrow(() -> notKnownThen(caseId, knownAt.get())),
                    view -> CaseList.disclosure(List.of(view)));
        }
        return accessLog.read(reader, "GET /api/cases/{caseId}",
                () -> queries.findCase(caseId).map(view -> CaseList.redacted(view, reader))
                        .orElseThrow(() -> notFound(caseId)),
                view -> CaseList.disclosure(List.of(view)));
    }

    /** A merged duplicate is listed only with {@code includeMerged=true}; it stays reachable by its id. */
    @GetMapping
    @Operation(summary = "Cases page by page in case number order, under the filters the statistics count by; "
            + "with q, the cases a name or case number finds, best first",
            description = "Each case's person as the case view shows it to the reader's role; a page that shows "
                    + "any person's data is logged with those cases. The filters are those of /api/statistics, so "
                    + "every number there links to the cases behind it; a bad filter is refused with 400, naming it. "
                    + "q finds a case by its number, and a person by any name or name variant recorded, in any "
                    + "case, with or without accents, across Cyrillic, Latin, Uyghur Arabic script and Chinese "
                    + "characters (pinyin), near spellings ranked by similarity (docs/search.md); a name finds only "
                    + "cases whose person the reader's role may see. A duplicate's names find the case it was "
                    + "merged into.")
    CaseStatusPage findCases(@Parameter(description = "a name in any script or spelling, or a case number (1042 "
                                     + "or #1042); at most 200 characters")
                             @RequestParam(required = false) String q,
                             @RequestParam Optional<CaseStatus> status,
                             @RequestParam(required = false) String ethnicity,
                             @RequestParam(required = false) Gender gender,
                             @RequestParam(required = false) String prefecture,
                             @RequestParam(required = false) String county,
                             @Parameter(description = "a facility's id in the register")
                             @RequestParam(required = false) String facility,
                             @Parameter(description = "first detention on or after: YYYY, YYYY-MM or YYYY-MM-DD")
                             @RequestParam(required = false) String detainedFrom,
                             @Parameter(description = "first detention on or before: YYYY, YYYY-MM or YYYY-MM-DD")
                             @RequestParam(required = false) String detainedTo,
                             @RequestParam(defaultValue = "false") boolean includeMerged,
                             @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        StatisticsFilters filters = StatisticsFilters.of(status.orElse(null), ethnicity, gender, prefecture, county,
                facility, detainedFrom, detainedTo);
        return caseList.read("GET /api/cases", filters, includeMerged, q, page, size);
    }

    private static ErrorResponseException notKnownThen(String caseId, Instant asOf) {
        return Problems.notFound("Nothing of a case '" + caseId + "' had been recorded by " + asOf
                + "; leave asOf out to see whether it is known now");
    }

    private static ErrorResponseException notFound(String caseId) {
        return Problems.notFound("No case '" + caseId + "' is known here; a case reported moments ago may still be "
                + "on its way");
    }
}
