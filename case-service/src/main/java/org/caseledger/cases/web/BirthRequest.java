package org.caseledger.cases.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.caseledger.api.cases.Birth;

/** A birth year, or an age range as a relative gives it ("in his 40s": 40 to 49) as of a year. */
record BirthRequest(@Min(1890) @Max(2100) Integer year,
                    @Min(0) @Max(130) Integer ageFrom,
                    @Min(0) @Max(130) Integer ageTo,
                    @Min(1900) @Max(2100) Integer ageAsOfYear) {

    @AssertTrue(message = "give a year, or an age range (ageFrom not above ageTo) with the year it was given for")
    boolean isYearOrRange() {
        boolean range = ageFrom != null && ageTo != null && ageAsOfYear != null && ageFrom <= ageTo;
        return year != null || range;
    }

    Birth toBirth() {
        return new Birth(year, ageFrom, ageTo, ageAsOfYear);
    }
}
