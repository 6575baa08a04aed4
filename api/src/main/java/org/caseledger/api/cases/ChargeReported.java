package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** A charge was reported brought against the person. */
@Revision("1")
public record ChargeReported(CaseId caseId,
                             ApproximateDate date,
                             String charge,
                             Source source) {
}
