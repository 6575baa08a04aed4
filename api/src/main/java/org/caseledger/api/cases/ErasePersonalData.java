package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Erase the personal data of the case's person, or of one of its testimony givers or relatives, by destroying their
 * key. The reason is kept with the erased key, never in the ledger, so that it cannot name the person again.
 *
 * @param subjectId       a testimony id or a relative id of this case, or null for the case's person
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ErasePersonalData(@TargetAggregateIdentifier CaseId caseId,
                                String subjectId,
                                String reason,
                                @TargetAggregateVersion Long expectedVersion) {
}
