package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** A duplicate case was merged into this one. */
@Revision("1")
public record DuplicateCaseMerged(CaseId caseId,
                                  CaseId duplicateCaseId,
                                  String reason) {
}
