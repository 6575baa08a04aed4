package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One page of cases, in case number order, or a search's, best first.
 *
 * @param totalItems      how many cases the list holds, or the search found; where {@code totalItemsExact} is false,
 *                        how many the search counted before it stopped counting (more than a hundred)
 * @param totalItemsExact false where a search found more cases than it counts exactly: {@code totalItems} is then
 *                        the number it counted, and there are at least as many; every page past it may still be
 *                        asked for, and each is as the cases rank among all found
 */
@Schema(example = """
        {"items": [{"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "caseNumber": 1042, "name": "Nurlan Kokteubaev",
                    "status": "RELEASED", "statusSince": "2018-12", "version": 5}],
         "page": 0, "size": 50, "totalItems": 1, "totalItemsExact": true}""")
record CaseStatusPage(List<CaseStatusView> items, int page, int size,
                      @Schema(description = "how many cases the list holds, or the search found; where "
                              + "totalItemsExact is false, how many the search counted before it stopped counting")
                      long totalItems,
                      @Schema(description = "false where a search found more cases than it counts exactly (more than "
                              + "a hundred): totalItems is then the number it counted, a lower bound")
                      boolean totalItemsExact) {
}
