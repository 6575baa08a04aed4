package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Close this case as a duplicate of another.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record MergeCase(@TargetAggregateIdentifier CaseId caseId,
                        CaseId intoCaseId,
                        String reason,
                        @TargetAggregateVersion Long expectedVersion) {
}
