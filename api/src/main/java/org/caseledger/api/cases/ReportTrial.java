package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that the person was tried.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportTrial(@TargetAggregateIdentifier CaseId caseId,
                          ApproximateDate date,
                          String court,
                          Source source,
                          @TargetAggregateVersion Long expectedVersion) {
}
