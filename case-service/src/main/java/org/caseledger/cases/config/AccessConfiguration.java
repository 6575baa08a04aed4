package org.caseledger.cases.config;

import org.caseledger.platform.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.OPERATOR;
import static org.caseledger.platform.security.Role.PERSONAL_DATA_KEYS;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may do what here: operators record facts and corrections, and import files of them; merging cases, changing who may see a case and
 * verifying that the event store is as it was recorded are for admins. Each role includes the ones before it (VIEWER,
 * ANALYST, OPERATOR, ADMIN); health is open, anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessRules caseServiceAccess() {
        AccessRules.Builder rules = AccessRules.builder()
                .allow(POST, "/api/cases", OPERATOR)
                .allow(POST, "/api/imports", OPERATOR);
        for (String fact : new String[]{"detentions", "testimonies", "whereabouts", "contact", "charges", "trials",
                "sentences", "releases", "departures", "deaths", "relatives", "evidence", "corrections"}) {
            rules.allow(POST, "/api/cases/*/" + fact, OPERATOR);
        }
        return rules
                .allow(POST, "/api/cases/*/merge", ADMIN)
                .allow(POST, "/api/cases/*/visibility", ADMIN)
                .allow(POST, "/api/cases/*/erasure", ADMIN)
                .allow(GET, "/api/internal/personal-data/keys", PERSONAL_DATA_KEYS)
                .allow(POST, "/api/internal/personal-data/keys", PERSONAL_DATA_KEYS)
                .allow(GET, "/api/admin/ledger/verification", ADMIN)
                .allow(GET, "/api/admin/ledger/export", ADMIN)
                .build();
    }
}
