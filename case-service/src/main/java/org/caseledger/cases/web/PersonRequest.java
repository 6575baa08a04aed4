package org.caseledger.cases.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Person;

import java.util.List;

record PersonRequest(@NotBlank @Size(max = 300) String name,
                     @Size(max = 20) List<@Valid NameVariantRequest> nameVariants,
                     Gender gender,
                     @Valid BirthRequest birth,
                     @Size(max = 100) String ethnicity,
                     @Size(max = 10) List<@NotBlank @Size(max = 100) String> citizenships,
                     @Valid HometownRequest hometown,
                     @Size(max = 200) String occupation) {

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
