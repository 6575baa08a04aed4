package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.CaseId;

import java.time.LocalDate;

/**
 * The authority answered the appeal.
 *
 * @param caseId the appeal's case, whose person's key seals the summary; from revision 2 on (a revision 1 event
 *               has none, and its summary is plain)
 */
@Revision("2")
public record AppealResponseRecorded(AppealId appealId,
                                     CaseId caseId,
                                     ResponseType type,
                                     LocalDate respondedOn,
                                     @PersonalData String summary) {
}
