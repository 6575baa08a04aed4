package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

/**
 * Take an appeal to another authority; the new appeal is filed as {@code escalatedTo}.
 *
 * @param expectedVersion the appeal version the caller last saw ({@code If-Match}), or null to not check
 */
public record EscalateAppeal(@TargetAggregateIdentifier AppealId appealId,
                             AppealId escalatedTo,
                             AuthorityId toAuthority,
                             LocalDate escalatedOn,
                             @TargetAggregateVersion Long expectedVersion) {

    /** Without a version check: the appeal is changed whatever its version. */
    public EscalateAppeal(AppealId appealId, AppealId escalatedTo, AuthorityId toAuthority, LocalDate escalatedOn) {
        this(appealId, escalatedTo, toAuthority, escalatedOn, null);
    }
}
