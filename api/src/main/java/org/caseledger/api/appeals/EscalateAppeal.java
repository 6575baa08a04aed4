package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Take an appeal to another authority; the new appeal is filed as {@code escalatedTo}. */
public record EscalateAppeal(@TargetAggregateIdentifier AppealId appealId,
                             AppealId escalatedTo,
                             AuthorityId toAuthority,
                             LocalDate escalatedOn) {
}
