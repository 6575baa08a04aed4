package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.CaseId;

import java.time.LocalDate;

/**
 * The appellants reminded the authority of the appeal or added to it.
 *
 * @param caseId the appeal's case, whose person's key seals the summary; from revision 2 on (a revision 1 event
 *               has none, and its summary is plain)
 */
@Revision("2")
public record AppealFollowedUp(AppealId appealId,
                               CaseId caseId,
                               AppealChannel channel,
                               LocalDate followedUpOn,
                               @PersonalData String summary) {
}
