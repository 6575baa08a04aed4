package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** The person was reported tried by a court. */
@Revision("1")
public record TrialReported(CaseId caseId,
                            ApproximateDate date,
                            String court,
                            Source source) {
}
