package org.caseledger.api.cases;

/** What is known of a person now, derived from the facts on record. */
public enum CaseStatus {
    MISSING,
    DETAINED,
    SENTENCED,
    RELEASED,
    LEFT_COUNTRY,
    DECEASED,
    UNKNOWN
}
