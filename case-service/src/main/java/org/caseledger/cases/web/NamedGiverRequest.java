package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A testimony giver's name, which the ledger keeps only with the giver's consent to record it. */
record NamedGiverRequest(@Schema(example = "Aigul Nurlanovna") @NotBlank @Size(max = 300) String name,
                         @Schema(description = "the giver agreed that their name be kept; only true is accepted",
                                 allowableValues = "true", example = "true")
                         @NotNull(message = "say that the giver consented to their name being kept (true), or leave "
                                 + "out the name")
                         @AssertTrue(message = "a testimony giver's name is kept only with their consent to record it:"
                                 + " leave out the name if they did not give it")
                         Boolean consentToRecord) {
}
