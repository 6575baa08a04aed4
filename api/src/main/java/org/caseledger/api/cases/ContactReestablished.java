package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** Contact with the person was re-established. */
@Revision("1")
public record ContactReestablished(CaseId caseId,
                                   ApproximateDate date,
                                   Source source) {
}
