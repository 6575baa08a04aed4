package org.caseledger.cases.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Person;

record PersonRequest(@NotBlank @Size(max = 300) String name) {

    Person toPerson() {
        return new Person(name.strip());
    }
}
