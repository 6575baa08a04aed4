package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/** The appeal was closed with an outcome. */
@Revision("1")
public record AppealClosed(AppealId appealId,
                           AppealOutcome outcome,
                           LocalDate closedOn,
                           @PersonalData String summary) {
}
