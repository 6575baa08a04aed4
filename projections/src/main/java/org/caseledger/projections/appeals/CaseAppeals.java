package org.caseledger.projections.appeals;

import java.util.List;

/** The appeals made for one case, oldest first. */
record CaseAppeals(String caseId, List<AppealView> items) {
}
