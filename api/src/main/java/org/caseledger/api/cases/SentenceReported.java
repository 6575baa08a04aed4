package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** The person was reported sentenced by a court to a term. */
@Revision("1")
public record SentenceReported(CaseId caseId,
                               ApproximateDate date,
                               String court,
                               Term term,
                               Source source) {
}
