package org.caseledger.cases.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Relation;

/** Who gave a testimony: the relation always, the name only with their consent. */
record TestimonyGiverRequest(@NotNull Relation relation,
                             @Size(max = 300) String name) {
}
