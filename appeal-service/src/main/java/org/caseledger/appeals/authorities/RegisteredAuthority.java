package org.caseledger.appeals.authorities;

import io.swagger.v3.oas.annotations.media.Schema;
import org.caseledger.api.appeals.AuthorityKind;

/** An authority as the register holds it. {@code country} is an ISO 3166 code, or {@code null} for UN bodies. */
@Schema(example = """
        {"authorityId": "kz-foreign-ministry", "name": "Ministry of Foreign Affairs of the Republic of Kazakhstan",
         "kind": "FOREIGN_MINISTRY", "country": "KZ", "expectedResponseDays": 30}""")
public record RegisteredAuthority(String authorityId,
                                  String name,
                                  AuthorityKind kind,
                                  String country,
                                  int expectedResponseDays) {
}
