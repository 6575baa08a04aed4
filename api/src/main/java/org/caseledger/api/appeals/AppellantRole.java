package org.caseledger.api.appeals;

/** Who filed an appeal, by role only: naming the relative would expose them and their family. */
public enum AppellantRole {
    RELATIVE,
    LAWYER,
    NGO,
    JOURNALIST,
    OTHER
}
