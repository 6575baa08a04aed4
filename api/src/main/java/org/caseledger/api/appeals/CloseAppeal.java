package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/** Close an appeal with what it came to; nothing more is recorded on it afterwards. */
public record CloseAppeal(@TargetAggregateIdentifier AppealId appealId,
                          AppealOutcome outcome,
                          LocalDate closedOn,
                          @PersonalData String summary) {
}
