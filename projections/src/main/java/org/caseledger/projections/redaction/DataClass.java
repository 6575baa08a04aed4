package org.caseledger.projections.redaction;

/** The classes of personal data an answer can contain, as the access log names them. */
public enum DataClass {
    /** The person's names, birth, origin and occupation. */
    PERSON,
    /** Who recorded each fact, and the references of the sources. */
    PROVENANCE,
    TESTIMONY_TEXT,
    TESTIMONY_GIVER_NAME,
    RELATIVE_NAME,
    /** Which authorities were appealed to for the person, when and by whom (a role). */
    APPEALS
}
