package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** A duplicate case was merged into this one. */
@Revision("1")
public record DuplicateCaseMerged(CaseId caseId,
                                  CaseId duplicateCaseId,
                                  @PersonalData String reason) {
}
