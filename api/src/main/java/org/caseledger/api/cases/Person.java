package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/** The person a case is about. */
public record Person(@PersonalData String name) {
}
