package org.caseledger.projections.statistics;

import org.caseledger.platform.security.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
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

    /**
     * Exact when statistics are not public (only signed-in roles reach them), or when the caller is signed in with a
     * role: by a bearer token on the API, or through the browser's sign-in on the dashboard.
     */
    boolean exactCounts() {
        if (!statisticsPublic) {
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.isAuthenticated() && Role.highest(caller.getAuthorities()).isPresent();
    }
}
