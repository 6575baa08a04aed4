package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** A person was reported detained; this opened the case under its citable number. */
@Revision("1")
public record DetentionReported(CaseId caseId,
                                long caseNumber,
                                Person person,
                                Detention detention,
                                Source source) {
}
