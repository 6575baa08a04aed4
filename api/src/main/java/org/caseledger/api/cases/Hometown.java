package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/** Where the person comes from. */
public record Hometown(@PersonalData String county, String prefecture) {
}
