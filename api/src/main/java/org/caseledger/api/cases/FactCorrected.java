package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** An earlier fact was retracted; it stays in history but no longer counts. */
@Revision("1")
public record FactCorrected(CaseId caseId,
                            String retractedEventId,
                            @PersonalData String reason,
                            Source source) {
}
