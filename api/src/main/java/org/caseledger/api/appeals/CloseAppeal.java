package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/**
 * Close an appeal with what it came to; nothing more is recorded on it afterwards.
 *
 * @param expectedVersion the appeal version the caller last saw ({@code If-Match}), or null to not check
 */
public record CloseAppeal(@TargetAggregateIdentifier AppealId appealId,
                          AppealOutcome outcome,
                          LocalDate closedOn,
                          @PersonalData String summary,
                          @TargetAggregateVersion Long expectedVersion) {

    /** Without a version check: the appeal is changed whatever its version. */
    public CloseAppeal(AppealId appealId, AppealOutcome outcome, LocalDate closedOn, String summary) {
        this(appealId, outcome, closedOn, summary, null);
    }
}
