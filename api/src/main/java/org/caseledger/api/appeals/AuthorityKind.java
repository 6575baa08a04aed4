package org.caseledger.api.appeals;

/** What kind of body an authority is. */
public enum AuthorityKind {
    FOREIGN_MINISTRY,
    OMBUDSMAN,
    EMBASSY,
    CONSULATE,
    UN_WORKING_GROUP,
    UN_SPECIAL_RAPPORTEUR,
    HEAD_OF_STATE,
    PARLIAMENT,
    COURT,
    MEDIA,
    OTHER
}
