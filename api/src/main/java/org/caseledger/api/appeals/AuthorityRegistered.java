package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;

/** An authority was added to the register, with the time within which it is expected to answer. */
@Revision("1")
public record AuthorityRegistered(AuthorityId authorityId,
                                  String name,
                                  AuthorityKind kind,
                                  String country,
                                  int expectedResponseDays) {
}
