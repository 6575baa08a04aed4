package org.caseledger.api.appeals;

/** How an authority answered; silence is not an answer but {@link AppealResponseOverdue}. */
public enum ResponseType {
    FAVOURABLE,
    PLEDGED,
    DENIED,
    INFORMATION_REQUESTED,
    TOKEN
}
