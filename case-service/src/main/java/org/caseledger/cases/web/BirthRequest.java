package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.caseledger.api.cases.Birth;

/** A birth year, or an age range as a relative gives it ("in his 40s": 40 to 49) as of a year. */
@Schema(description = "A birth year, or an age range with the year it was given for", minProperties = 1)
record BirthRequest(@Schema(example = "1977") @Min(1890) @Max(2100) Integer year,
                    @Schema(example = "40") @Min(0) @Max(130) Integer ageFrom,
                    @Schema(example = "49") @Min(0) @Max(130) Integer ageTo,
                    @Schema(example = "2017") @Min(1900) @Max(2100) Integer ageAsOfYear) {

    @AssertTrue(message = "give a year, or an age range (ageFrom not above ageTo) with the year it was given for")
    boolean isYearOrRange() {
        boolean range = ageFrom != null && ageTo != null && ageAsOfYear != null && ageFrom <= ageTo;
        return year != null || range;
    }

    Birth toBirth() {
        return new Birth(year, ageFrom, ageTo, ageAsOfYear);
    }
}
