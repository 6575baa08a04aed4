package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/** The appellants reminded the authority of the appeal or added to it. */
@Revision("1")
public record AppealFollowedUp(AppealId appealId,
                               AppealChannel channel,
                               LocalDate followedUpOn,
                               @PersonalData String summary) {
}
