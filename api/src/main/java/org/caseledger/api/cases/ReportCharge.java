package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record a criminal charge brought against the person.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportCharge(@TargetAggregateIdentifier CaseId caseId,
                           ApproximateDate date,
                           String charge,
                           Source source,
                           @TargetAggregateVersion Long expectedVersion) {
}
