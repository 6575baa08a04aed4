package org.caseledger.api.cases;

/** Whose personal data a value is, each with a key of their own: the case's person, a testimony giver, a relative. */
public enum DataSubject {
    PERSON, TESTIMONY_GIVER, RELATIVE
}
