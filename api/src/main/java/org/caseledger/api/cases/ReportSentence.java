package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that the person was sentenced.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportSentence(@TargetAggregateIdentifier CaseId caseId,
                             ApproximateDate date,
                             String court,
                             Term term,
                             Source source,
                             @TargetAggregateVersion Long expectedVersion) {
}
