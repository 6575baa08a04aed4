package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** A relative of the person was put on the record, with their case if they have one. */
@Revision("1")
public record RelativeLinked(CaseId caseId,
                             String relativeId,
                             Relation relation,
                             @PersonalData(subject = "relativeId") String name,
                             CaseId relativeCaseId,
                             ApproximateDate date,
                             Source source) {
}
