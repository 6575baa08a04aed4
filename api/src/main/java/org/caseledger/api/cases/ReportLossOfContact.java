package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that the family lost all contact with the person.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportLossOfContact(@TargetAggregateIdentifier CaseId caseId,
                                  ApproximateDate date,
                                  Source source,
                                  @TargetAggregateVersion Long expectedVersion) {
}
