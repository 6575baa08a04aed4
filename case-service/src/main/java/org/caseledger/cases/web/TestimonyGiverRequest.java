package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Relation;

/** Who gave a testimony: the relation always, the name only with their consent. */
record TestimonyGiverRequest(@Schema(example = "SIBLING") @NotNull Relation relation,
                             @Schema(description = "only with their consent", example = "Aigul Nurlanovna") @Size(max = 300) String name) {
}
