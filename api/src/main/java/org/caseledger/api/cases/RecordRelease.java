package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record that a source reports the person released, and under which conditions.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record RecordRelease(@TargetAggregateIdentifier CaseId caseId,
                            ApproximateDate date,
                            ReleaseConditions conditions,
                            Source source,
                            @TargetAggregateVersion Long expectedVersion) {
}
