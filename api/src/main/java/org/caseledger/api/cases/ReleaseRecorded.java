package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/**
 * A source reported the person released on a date, under the given conditions. Revision 2: the source carries its
 * reliability and reference.
 */
@Revision("2")
public record ReleaseRecorded(CaseId caseId,
                              ApproximateDate date,
                              ReleaseConditions conditions,
                              Source source) {
}
