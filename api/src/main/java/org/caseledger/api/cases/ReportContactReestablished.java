package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that contact with the person was re-established.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportContactReestablished(@TargetAggregateIdentifier CaseId caseId,
                                         ApproximateDate date,
                                         Source source,
                                         @TargetAggregateVersion Long expectedVersion) {
}
