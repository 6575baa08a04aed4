package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.caseledger.api.PersonalData;

/**
 * Record a testimony about the person, from a relative, a witness or the person themself.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record RecordTestimony(@TargetAggregateIdentifier CaseId caseId,
                              String testimonyId,
                              TestimonyGiver givenBy,
                              ApproximateDate date,
                              String language,
                              @PersonalData String summary,
                              boolean consentToPublish,
                              Visibility visibility,
                              Source source,
                              @TargetAggregateVersion Long expectedVersion) {
}
