package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** A source reported the person released on a date, under the given conditions. */
@Revision("1")
public record ReleaseRecorded(CaseId caseId,
                              ApproximateDate date,
                              ReleaseConditions conditions,
                              Source source) {
}
