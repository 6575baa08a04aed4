package org.caseledger.platform.security;

import org.springframework.http.HttpMethod;

import java.util.Set;

/**
 * One line of a service's route table: who may call a method on a path.
 *
 * @param pattern    the path, with {@code *} for one segment (e.g. {@code /api/cases/}{@code *}{@code /timeline})
 * @param roles      the roles that may call it
 * @param statistics answers no personal data, only counts and figures: anyone may call it where
 *                   {@code caseledger.statistics.public=true}
 */
public record Route(HttpMethod method, String pattern, Set<Role> roles, boolean statistics) {

    public Route {
        roles = Set.copyOf(roles);
    }

    /** The lowest role that may call it, as the API description names it. */
    public Role lowestRole() {
        return roles.stream().min(Enum::compareTo).orElseThrow();
    }
}
