package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.CaseId;

import java.time.LocalDate;

/**
 * Record an appeal made to an authority for a case; its answer falls due after the authority's expected response
 * time, which the appeal looks up as it is filed.
 *
 * @param escalatedFrom the appeal this one escalates, or {@code null}
 */
public record FileAppeal(@TargetAggregateIdentifier AppealId appealId,
                         CaseId caseId,
                         AuthorityId authorityId,
                         AppealChannel channel,
                         AppellantRole filedBy,
                         LocalDate filedOn,
                         @PersonalData String summary,
                         AppealId escalatedFrom) {
}
