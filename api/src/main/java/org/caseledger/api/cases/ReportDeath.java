package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that the person died.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportDeath(@TargetAggregateIdentifier CaseId caseId,
                          ApproximateDate date,
                          String circumstances,
                          boolean inCustody,
                          Source source,
                          @TargetAggregateVersion Long expectedVersion) {
}
