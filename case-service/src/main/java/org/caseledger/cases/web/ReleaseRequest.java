package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.ReleaseConditions;

/** Body of {@code POST /api/cases/{caseId}/releases}. */
@Schema(description = "A reported release and its conditions", example = """
        {"date": "2018-12", "conditions": "SURVEILLANCE",
         "source": {"type": "WITNESS_TESTIMONY", "reliability": "UNSURE", "reference": "a neighbour"}}""")
record ReleaseRequest(@Schema(example = "2018-12") @NotNull ApproximateDate date,
                      @Schema(example = "SURVEILLANCE") @NotNull ReleaseConditions conditions,
                      @NotNull @Valid SourceRequest source) {
}
