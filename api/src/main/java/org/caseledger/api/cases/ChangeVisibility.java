package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Change who may see the case.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ChangeVisibility(@TargetAggregateIdentifier CaseId caseId,
                               Visibility visibility,
                               String reason,
                               @TargetAggregateVersion Long expectedVersion) {
}
