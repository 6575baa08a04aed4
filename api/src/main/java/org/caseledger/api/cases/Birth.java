package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/** A birth year when known, or an age range as a relative gives it ("in his 40s": 40 to 49), as of a year. */
public record Birth(@PersonalData Integer year, Integer ageFrom, Integer ageTo, Integer ageAsOfYear) {
}
