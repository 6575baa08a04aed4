package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** Who may see the case changed. */
@Revision("1")
public record CaseVisibilityChanged(CaseId caseId,
                                    Visibility visibility,
                                    @PersonalData String reason) {
}
