package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** A piece of evidence was attached to the case. */
@Revision("1")
public record EvidenceAttached(CaseId caseId,
                               String evidenceId,
                               String sha256,
                               String mediaType,
                               @PersonalData String description,
                               @PersonalData String storedAt,
                               @PersonalData String capturedBy,
                               ApproximateDate date,
                               Source source) {
}
