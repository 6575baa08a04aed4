package org.caseledger.notifications.ledger;

import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Visibility;

/**
 * What this service knows of a case: enough to name it in a message by its citable number, to tell a change of
 * status from a repeated one, and to follow it when it is merged.
 *
 * @param status         the status the case derived last, or null before its first derivation
 * @param statusSequence the event sequence that status was read from
 * @param mergedInto     the case this one was merged into, or null
 */
public record KnownCase(String caseId,
                        long caseNumber,
                        CaseStatus status,
                        Long statusSequence,
                        Visibility visibility,
                        String mergedInto) {
}
