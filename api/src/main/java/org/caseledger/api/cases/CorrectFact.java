package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Retract an earlier fact of this case, saying why; the fact stays in history.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record CorrectFact(@TargetAggregateIdentifier CaseId caseId,
                          String retractedEventId,
                          String reason,
                          Source source,
                          @TargetAggregateVersion Long expectedVersion) {
}
