package org.caseledger.api.cases;

public enum Gender {
    MALE,
    FEMALE,
    OTHER,
    UNKNOWN
}
