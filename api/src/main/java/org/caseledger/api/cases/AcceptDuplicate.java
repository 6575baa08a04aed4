package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record on a case that a duplicate of it is being merged into it.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record AcceptDuplicate(@TargetAggregateIdentifier CaseId caseId,
                              CaseId duplicateCaseId,
                              String reason,
                              @TargetAggregateVersion Long expectedVersion) {
}
