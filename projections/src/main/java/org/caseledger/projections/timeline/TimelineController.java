package org.caseledger.projections.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.security.Reader;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.redaction.DataClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The facts of a case in recording order, as projected from the cases topic. */
@RestController
@Tag(name = "timeline", description = "Every fact of a case in recording order, retracted ones kept and marked")
class TimelineController {

    private final TimelineQueries queries;
    private final AccessLog accessLog;

    TimelineController(TimelineQueries queries, AccessLog accessLog) {
        this.queries = queries;
        this.accessLog = accessLog;
    }

    @GetMapping("/api/cases/{caseId}/timeline")
    @Operation(summary = "The timeline of a case",
            description = "Below ADMIN, entries of a CONFIDENTIAL case or testimony keep their summary but not who "
                    + "recorded them, their source's reference or the testimony's text; the names of testimony "
                    + "givers and relatives are for ADMIN only. What is withheld is null and named in the entry's "
                    + "'redacted'. An answer with personal data is logged.")
    CaseTimeline findTimeline(@PathVariable String caseId) {
        Reader reader = Reader.required();
        return accessLog.read(reader, "GET /api/cases/{caseId}/timeline",
                () -> queries.findTimeline(caseId, reader.role()).orElseThrow(() -> Problems.notFound("No case '"
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
