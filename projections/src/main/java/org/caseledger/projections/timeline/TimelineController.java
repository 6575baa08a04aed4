package org.caseledger.projections.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.security.Reader;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.history.AsOf;
import org.caseledger.projections.history.CaseHistory;
import org.caseledger.projections.redaction.DataClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The facts of a case in recording order, as projected from the cases topic. */
@RestController
@Tag(name = "timeline", description = "Every fact of a case in recording order, retracted ones kept and marked")
class TimelineController {

    private final TimelineQueries queries;
    private final AccessLog accessLog;
    private final CaseHistory history;
    private final CaseHistory.Fold fold;
    private final Clock clock;

    TimelineController(TimelineQueries queries, AccessLog accessLog, CaseHistory history,
                       TimelineProjection projection, Clock clock) {
        this.queries = queries;
        this.accessLog = accessLog;
        this.history = history;
        this.fold = new CaseHistory.Fold(TimelineProjection.TABLES, projection);
        this.clock = clock;
    }

    @GetMapping("/api/cases/{caseId}/timeline")
    @Operation(summary = "The timeline of a case",
            description = "Below ADMIN, entries of a CONFIDENTIAL case or testimony keep their summary but not who "
                    + "recorded them, their source's reference or the testimony's text; the names of testimony "
                    + "givers and relatives are for ADMIN only. What is withheld is null and named in the entry's "
                    + "'redacted'. An answer with personal data is logged. With asOf, the timeline as the ledger knew "
                    + "it then: only the entries recorded by then, none marked retracted by a correction recorded "
                    + "later; redacted by the stricter of the case's visibility then and now, which the answer "
                    + "shows. 404 when nothing of the case had been recorded by then.")
    CaseTimeline findTimeline(@PathVariable String caseId,
                              @Parameter(description = "knowledge time: a moment with its offset "
                                      + "(2019-06-30T12:00:00Z) or a day (2019-06-30: by its end, UTC), not in the "
                                      + "future", example = "2019-06-30T12:00:00Z")
                              @RequestParam(required = false) String asOf) {
        Reader reader = Reader.required();
        Optional<Instant> knownAt = AsOf.of(asOf, clock);
        if (knownAt.isPresent()) {
            return accessLog.read(reader, "GET /api/cases/{caseId}/timeline?asOf",
                    () -> history.asKnownAt(caseId, knownAt.get(), fold,
                                    now -> queries.findTimeline(caseId, reader.role(), now))
                            .orElseThrow(() -> Problems.notFound("Nothing of a case '" + caseId + "' had been "
                                    + "recorded by " + knownAt.get() + "; leave asOf out to see whether it is known "
                                    + "now")),
                    timeline -> new AccessLog.Disclosure(List.of(caseId), disclosed(timeline)));
        }
        return accessLog.read(reader, "GET /api/cases/{caseId}/timeline",
                () -> queries.findTimeline(caseId, reader.role(), null).orElseThrow(() -> Problems.notFound("No case '"
                        + caseId + "' is known here; a case reported moments ago may still be on its way")),
                timeline -> new AccessLog.Disclosure(List.of(caseId), disclosed(timeline)));
    }

    private static Set<DataClass> disclosed(CaseTimeline timeline) {
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        for (CaseTimeline.Entry entry : timeline.entries()) {
            if (entry.recordedBy() != null || (entry.source() != null && entry.source().reference() != null)) {
                classes.add(DataClass.PROVENANCE);
            }
            if (entry.testimony() != null && entry.testimony().text() != null) {
                classes.add(DataClass.TESTIMONY_TEXT);
            }
            if (entry.testimony() != null && entry.testimony().name() != null) {
                classes.add(DataClass.TESTIMONY_GIVER_NAME);
            }
            if (entry.relative() != null && entry.relative().name() != null) {
                classes.add(DataClass.RELATIVE_NAME);
            }
        }
        return classes;
    }
}
