package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** A piece of evidence was attached to the case. */
@Revision("1")
public record EvidenceAttached(CaseId caseId,
                               String evidenceId,
                               String sha256,
                               String mediaType,
                               String description,
                               String storedAt,
                               String capturedBy,
                               ApproximateDate date,
                               Source source) {
}
