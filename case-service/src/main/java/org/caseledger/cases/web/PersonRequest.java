package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Person;

import java.util.List;

record PersonRequest(@Schema(example = "Nurlan Kokteubaev") @NotBlank @Size(max = 300) String name,
                     @Size(max = 20) List<@Valid NameVariantRequest> nameVariants,
                     @Schema(example = "MALE") Gender gender,
                     @Valid BirthRequest birth,
                     @Schema(example = "Kazakh") @Size(max = 100) String ethnicity,
                     @Schema(example = "[\"KZ\"]") @Size(max = 10) List<@NotBlank @Size(max = 100) String> citizenships,
                     @Valid HometownRequest hometown,
                     @Schema(example = "herder") @Size(max = 200) String occupation) {

    Person toPerson() {
        return new Person(name.strip(),
                nameVariants == null ? List.of() : nameVariants.stream().map(NameVariantRequest::toNameVariant).toList(),
                gender,
                birth == null ? null : birth.toBirth(),
                Text.orNull(ethnicity),
                Text.list(citizenships),
                hometown == null ? null : hometown.toHometown(),
                Text.orNull(occupation));
    }
}
