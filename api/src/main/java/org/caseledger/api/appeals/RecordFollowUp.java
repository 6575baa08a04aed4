package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/** Record that the appellants reminded the authority of an appeal or added to it. */
public record RecordFollowUp(@TargetAggregateIdentifier AppealId appealId,
                             AppealChannel channel,
                             LocalDate followedUpOn,
                             @PersonalData String summary) {
}
