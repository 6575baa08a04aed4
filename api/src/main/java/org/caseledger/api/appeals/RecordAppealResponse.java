package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/** Record the authority's answer to an appeal. */
public record RecordAppealResponse(@TargetAggregateIdentifier AppealId appealId,
                                   ResponseType type,
                                   LocalDate respondedOn,
                                   @PersonalData String summary) {
}
