package org.caseledger.projections.statistics;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Decides whether an answer gives exact counts. Statistics are not public unless {@code caseledger.statistics.public}
 * says so; when they are, an answer to someone not signed in shows small cells as {@code "<5"} and rounds every
 * other count, and a signed-in role sees exact counts.
 */
@Component
class CountDisclosure {

    private final boolean statisticsPublic;

    CountDisclosure(@Value("${caseledger.statistics.public:false}") boolean statisticsPublic) {
        this.statisticsPublic = statisticsPublic;
    }

    /** Exact when statistics are not public (only signed-in roles reach them), or when the caller is signed in. */
    boolean exactCounts() {
        if (!statisticsPublic) {
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller instanceof JwtAuthenticationToken && caller.isAuthenticated()
                && !caller.getAuthorities().isEmpty();
    }
}
