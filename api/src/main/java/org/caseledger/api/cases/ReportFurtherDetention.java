package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that a person with a case was detained again.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportFurtherDetention(@TargetAggregateIdentifier CaseId caseId,
                                     Detention detention,
                                     Source source,
                                     @TargetAggregateVersion Long expectedVersion) {
}
