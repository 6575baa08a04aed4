package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;

@Schema(description = "Where the fact comes from", example = """
        {"type": "RELATIVE_TESTIMONY", "reliability": "LIKELY", "reference": "wife, interview of 2019-03-02"}""")
record SourceRequest(@Schema(example = "RELATIVE_TESTIMONY") @NotNull SourceType type,
                     @Schema(description = "UNKNOWN when left out", example = "LIKELY") Reliability reliability,
                     @Schema(example = "wife, interview of 2019-03-02") @Size(max = 500) String reference) {

    Source toSource() {
        return new Source(type, reliability == null ? Reliability.UNKNOWN : reliability, Text.orNull(reference));
    }
}
