package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** A source reported where the person is held, or that they were transferred there. */
@Revision("1")
public record WhereaboutsReported(CaseId caseId,
                                  ApproximateDate date,
                                  String place,
                                  Facility facility,
                                  DetentionKind kind,
                                  boolean transfer,
                                  Source source) {
}
