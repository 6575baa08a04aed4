package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The key of one data subject of the case was destroyed: every value encrypted with it is unreadable from now on,
 * wherever a copy is. It carries no personal data, not even the reason (that is kept with the destroyed key).
 *
 * @param subjectId the case id for the case's person, else the testimony id or the relative id
 */
@Revision("1")
public record PersonalDataErased(CaseId caseId,
                                 String subjectId,
                                 DataSubject subject,
                                 Instant erasedAt) {
}
