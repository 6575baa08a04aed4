package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The authority's expected time passed without an answer: the ledger records the silence. */
@Revision("1")
public record AppealResponseOverdue(AppealId appealId,
                                    AuthorityId authorityId,
                                    LocalDate responseDueOn) {
}
