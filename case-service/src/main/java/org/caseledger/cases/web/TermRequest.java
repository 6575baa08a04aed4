package org.caseledger.cases.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.caseledger.api.cases.Term;

record TermRequest(@Min(0) @Max(99) int years, @Min(0) @Max(11) int months, boolean life) {

    @AssertTrue(message = "give years and/or months, or life")
    boolean isTerm() {
        return life ? years == 0 && months == 0 : years + months > 0;
    }

    Term toTerm() {
        return new Term(years, months, life);
    }
}
