package org.caseledger.appeals.command;

import org.caseledger.api.appeals.AuthorityId;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** The register of authorities, as a test puts them on record. */
class AuthoritiesOnRecord implements Authorities {

    private final Map<AuthorityId, Integer> days = new HashMap<>();

    AuthoritiesOnRecord with(AuthorityId authorityId, int expectedResponseDays) {
        days.put(authorityId, expectedResponseDays);
        return this;
    }

    @Override
    public OptionalInt expectedResponseDays(AuthorityId authorityId) {
        Integer expected = days.get(authorityId);
        return expected == null ? OptionalInt.empty() : OptionalInt.of(expected);
    }
}
