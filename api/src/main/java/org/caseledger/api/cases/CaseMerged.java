package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** This case was found to duplicate another and was merged into it; it takes no more facts. */
@Revision("1")
public record CaseMerged(CaseId caseId,
                         CaseId intoCaseId,
                         @PersonalData String reason) {
}
