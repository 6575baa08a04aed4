package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Script;

record NameVariantRequest(@Schema(example = "Нурлан Коктеубаев") @NotBlank @Size(max = 300) String text,
                          @Schema(example = "CYRILLIC") @NotNull Script script) {

    NameVariant toNameVariant() {
        return new NameVariant(text.strip(), script);
    }
}
