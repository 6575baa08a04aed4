package org.caseledger.projections.appeals;

import org.caseledger.api.appeals.AuthorityKind;

/** An authority; name and kind are {@code null} while its registration has not arrived yet. */
record AuthorityView(String authorityId, String name, AuthorityKind kind, String country,
                     Integer expectedResponseDays) {
}
