package org.caseledger.api.cases;

/** What a release really means for the person: many "released" people are still watched or made to work. */
public enum ReleaseConditions {
    FREE,
    SURVEILLANCE,
    MOVEMENT_RESTRICTED,
    FORCED_LABOUR
}
