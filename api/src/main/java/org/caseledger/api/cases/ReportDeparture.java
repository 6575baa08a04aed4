package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that the person left the country.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportDeparture(@TargetAggregateIdentifier CaseId caseId,
                              ApproximateDate date,
                              String destinationCountry,
                              Source source,
                              @TargetAggregateVersion Long expectedVersion) {
}
