package org.caseledger.appeals.config;

import org.caseledger.platform.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.OPERATOR;
import static org.caseledger.platform.security.Role.VIEWER;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may do what here: every role reads the register of authorities (no personal data), operators record appeals
 * and what became of them, admins register authorities. Each role includes the ones before it (VIEWER, ANALYST,
 * OPERATOR, ADMIN); health is open, anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessRules appealServiceAccess() {
        return AccessRules.builder()
                .allow(GET, "/api/authorities", VIEWER)
                .allow(GET, "/api/authorities/*", VIEWER)
                .allow(POST, "/api/authorities", ADMIN)
                .allow(POST, "/api/appeals", OPERATOR)
                .allow(POST, "/api/appeals/*/responses", OPERATOR)
                .allow(POST, "/api/appeals/*/follow-ups", OPERATOR)
                .allow(POST, "/api/appeals/*/escalations", OPERATOR)
                .allow(POST, "/api/appeals/*/closure", OPERATOR)
                .allow(GET, "/api/admin/ledger/verification", ADMIN)
                .allow(GET, "/api/admin/ledger/export", ADMIN)
                .build();
    }
}
