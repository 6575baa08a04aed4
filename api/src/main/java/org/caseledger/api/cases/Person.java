package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

import java.util.List;

/**
 * The person a case is about.
 *
 * @param name          the name the case is known under
 * @param nameVariants  the same name in other scripts and spellings
 * @param citizenships  every citizenship claimed or imposed: a citizen of Kyrgyzstan can be held as a Chinese one
 */
public record Person(@PersonalData String name,
                     List<NameVariant> nameVariants,
                     Gender gender,
                     Birth birth,
                     String ethnicity,
                     List<String> citizenships,
                     Hometown hometown,
                     @PersonalData String occupation) {

    public Person(String name) {
        this(name, List.of(), null, null, null, List.of(), null, null);
    }
}
