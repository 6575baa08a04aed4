package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** The person of an existing case was reported detained again. */
@Revision("1")
public record FurtherDetentionReported(CaseId caseId,
                                       Detention detention,
                                       Source source) {
}
