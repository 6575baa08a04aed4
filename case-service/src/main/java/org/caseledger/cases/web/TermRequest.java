package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.caseledger.api.cases.Term;

@Schema(description = "A prison term in years and months, or a life sentence", minProperties = 1)
record TermRequest(@Schema(defaultValue = "0", example = "10") @Min(0) @Max(99) Integer years,
                   @Schema(defaultValue = "0", example = "6") @Min(0) @Max(11) Integer months,
                   @Schema(defaultValue = "false", example = "false") Boolean life) {

    TermRequest {
        years = years == null ? 0 : years;
        months = months == null ? 0 : months;
        life = life != null && life;
    }

    @AssertTrue(message = "give years and/or months, or life")
    boolean isTerm() {
        return life ? years == 0 && months == 0 : years + months > 0;
    }

    Term toTerm() {
        return new Term(years, months, life);
    }
}
