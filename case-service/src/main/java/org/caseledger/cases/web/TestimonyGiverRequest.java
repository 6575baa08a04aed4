package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.TestimonyGiver;

/** Who gave a testimony: the relation always, the name only with their consent to record it. */
record TestimonyGiverRequest(@Schema(example = "SIBLING") @NotNull Relation relation,
                             @Schema(description = "the giver's name, only when they consented to it being kept; "
                                     + "leave it out otherwise") @Valid NamedGiverRequest named) {

    TestimonyGiver toGiver() {
        return named == null ? TestimonyGiver.unnamed(relation) : TestimonyGiver.named(relation, named.name().strip());
    }
}
