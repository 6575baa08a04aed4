package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of cases, in case number order. */
@Schema(example = """
        {"items": [{"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "caseNumber": 1042, "name": "Nurlan Kokteubaev",
                    "status": "RELEASED", "statusSince": "2018-12", "version": 5}],
         "page": 0, "size": 50, "totalItems": 1}""")
record CaseStatusPage(List<CaseStatusView> items, int page, int size, long totalItems) {
}
