package org.caseledger.cases.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Script;

record NameVariantRequest(@NotBlank @Size(max = 300) String text, @NotNull Script script) {

    NameVariant toNameVariant() {
        return new NameVariant(text.strip(), script);
    }
}
