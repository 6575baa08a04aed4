package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.caseledger.api.PersonalData;

/**
 * Record a relative of the person, and their own case if they have one.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record LinkRelative(@TargetAggregateIdentifier CaseId caseId,
                           String relativeId,
                           Relation relation,
                           @PersonalData(subject = "relativeId") String name,
                           CaseId relativeCaseId,
                           ApproximateDate date,
                           Source source,
                           @TargetAggregateVersion Long expectedVersion) {
}
