package org.caseledger.api.cases;

/** Where and under which regime a person is held. */
public enum DetentionKind {
    POLICE_CUSTODY,
    CAMP,
    PRETRIAL,
    PRISON
}
