package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/** One way the person's name is written: a Kyrgyz name in Latin, Cyrillic and Chinese are three variants. */
public record NameVariant(@PersonalData String text, Script script) {
}
