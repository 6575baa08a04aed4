package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** The person was reported dead. */
@Revision("1")
public record DeathReported(CaseId caseId,
                            ApproximateDate date,
                            String circumstances,
                            boolean inCustody,
                            Source source) {
}
