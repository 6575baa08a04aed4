package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/**
 * A person was reported detained; this opened the case under its citable number. Revision 2: sources carry their
 * reliability and reference, the person their name variants and details, the detention its facility.
 */
@Revision("2")
public record DetentionReported(CaseId caseId,
                                long caseNumber,
                                Person person,
                                Detention detention,
                                Source source) {
}
