package org.caseledger.api.cases;

/** Who may see a case or a testimony: everyone, operators and analysts, or only those cleared for it. */
public enum Visibility {
    PUBLIC,
    RESTRICTED,
    CONFIDENTIAL
}
