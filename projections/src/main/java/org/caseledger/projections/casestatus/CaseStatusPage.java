package org.caseledger.projections.casestatus;

import java.util.List;

/** One page of cases, in case number order. */
record CaseStatusPage(List<CaseStatusView> items, int page, int size, long totalItems) {
}
