package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/**
 * Record that the appellants reminded the authority of an appeal or added to it.
 *
 * @param expectedVersion the appeal version the caller last saw ({@code If-Match}), or null to not check
 */
public record RecordFollowUp(@TargetAggregateIdentifier AppealId appealId,
                             AppealChannel channel,
                             LocalDate followedUpOn,
                             @PersonalData String summary,
                             @TargetAggregateVersion Long expectedVersion) {

    /** Without a version check: the appeal is changed whatever its version. */
    public RecordFollowUp(AppealId appealId, AppealChannel channel, LocalDate followedUpOn, String summary) {
        this(appealId, channel, followedUpOn, summary, null);
    }
}
