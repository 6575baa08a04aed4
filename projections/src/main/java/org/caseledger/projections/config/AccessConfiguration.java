package org.caseledger.projections.config;

import org.caseledger.platform.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.ANALYST;
import static org.caseledger.platform.security.Role.VIEWER;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may read what here. Every role reads the case list, its export and the case view, with the person's data
 * redacted by the case's visibility and the reader's role (see {@code casestatus.CaseRedaction}); timelines, the events
 * export (every case's timeline as recorded) and the appeals of a case are for analysts and up; an authority's record
 * and the statistics are statistics; the access log, where the read models stand and their rebuilds are for admins. A case or
 * timeline as known at a past moment ({@code ?asOf=}) is the same route, for the same roles. Each role includes the
 * ones before it (VIEWER, ANALYST, OPERATOR, ADMIN); health is open, anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessRules projectionsAccess() {
        return AccessRules.builder()
                .allow(GET, "/api/cases", VIEWER)
                .allow(GET, "/api/cases/*", VIEWER)
                .allow(GET, "/api/exports/cases.csv", VIEWER)
                .allow(GET, "/api/cases/*/timeline", ANALYST)
                .allow(GET, "/api/exports/events.jsonl", ANALYST)
                .allow(GET, "/api/cases/*/appeals", ANALYST)
                .statistics(GET, "/api/authorities/*/record")
                .statistics(GET, "/api/statistics")
                .allow(GET, "/api/admin/access-log", ADMIN)
                .allow(GET, "/api/admin/projections", ADMIN)
                .allow(POST, "/api/admin/projections/*/rebuild", ADMIN)
                .build();
    }
}
