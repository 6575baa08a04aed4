package org.caseledger.appeals.authorities;

import org.caseledger.api.appeals.AuthorityKind;

/** An authority as the register holds it. {@code country} is an ISO 3166 code, or {@code null} for UN bodies. */
public record RegisteredAuthority(String authorityId,
                                  String name,
                                  AuthorityKind kind,
                                  String country,
                                  int expectedResponseDays) {
}
