package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The appeal was taken to another authority, as the appeal {@code escalatedTo}. */
@Revision("1")
public record AppealEscalated(AppealId appealId,
                              AppealId escalatedTo,
                              AuthorityId toAuthority,
                              LocalDate escalatedOn) {
}
