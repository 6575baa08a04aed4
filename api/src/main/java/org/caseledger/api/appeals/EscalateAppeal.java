package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/**
 * Take an appeal to another authority: the new appeal, for the same case, is filed as {@code escalatedTo}.
 *
 * @param channel         how the new appeal is made
 * @param filedBy         who makes it, by role
 * @param summary         what the new appeal asks
 * @param expectedVersion the appeal version the caller last saw ({@code If-Match}), or null to not check
 */
public record EscalateAppeal(@TargetAggregateIdentifier AppealId appealId,
                             AppealId escalatedTo,
                             AuthorityId toAuthority,
                             AppealChannel channel,
                             AppellantRole filedBy,
                             LocalDate escalatedOn,
                             @PersonalData String summary,
                             @TargetAggregateVersion Long expectedVersion) {

    /** Without a version check: the appeal is changed whatever its version. */
    public EscalateAppeal(AppealId appealId, AppealId escalatedTo, AuthorityId toAuthority, AppealChannel channel,
                          AppellantRole filedBy, LocalDate escalatedOn, String summary) {
        this(appealId, escalatedTo, toAuthority, channel, filedBy, escalatedOn, summary, null);
    }
}
