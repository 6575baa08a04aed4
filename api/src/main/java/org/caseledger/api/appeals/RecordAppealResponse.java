package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/**
 * Record the authority's answer to an appeal.
 *
 * @param expectedVersion the appeal version the caller last saw ({@code If-Match}), or null to not check
 */
public record RecordAppealResponse(@TargetAggregateIdentifier AppealId appealId,
                                   ResponseType type,
                                   LocalDate respondedOn,
                                   @PersonalData String summary,
                                   @TargetAggregateVersion Long expectedVersion) {

    /** Without a version check: the appeal is changed whatever its version. */
    public RecordAppealResponse(AppealId appealId, ResponseType type, LocalDate respondedOn, String summary) {
        this(appealId, type, respondedOn, summary, null);
    }
}
