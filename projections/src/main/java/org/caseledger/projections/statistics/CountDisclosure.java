package org.caseledger.projections.statistics;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides whether an answer gives exact counts. Statistics are not public unless {@code caseledger.statistics.public}
 * says so; when they are, an answer shows small cells as {@code "<5"} and rounds every other count.
 */
@Component
class CountDisclosure {

    private final boolean statisticsPublic;

    CountDisclosure(@Value("${caseledger.statistics.public:false}") boolean statisticsPublic) {
        this.statisticsPublic = statisticsPublic;
    }

    // TODO (#8): take the caller's role once sign-in lands: a signed-in role sees exact counts even when public.
    boolean exactCounts() {
        return !statisticsPublic;
    }
}
