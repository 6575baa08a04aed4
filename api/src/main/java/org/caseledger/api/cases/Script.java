package org.caseledger.api.cases;

/** The writing system a name variant is written in. */
public enum Script {
    LATIN,
    CYRILLIC,
    ARABIC,
    CHINESE,
    OTHER
}
