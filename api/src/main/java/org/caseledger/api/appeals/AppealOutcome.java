package org.caseledger.api.appeals;

/** What an appeal came to when it was closed. */
public enum AppealOutcome {
    PERSON_RELEASED,
    INFORMATION_OBTAINED,
    NO_RESULT,
    WITHDRAWN
}
