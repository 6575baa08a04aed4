package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** The family lost all contact with the person. */
@Revision("1")
public record ContactLost(CaseId caseId,
                          ApproximateDate date,
                          Source source) {
}
