package org.caseledger.projections.appeals;

import io.micrometer.core.instrument.Tags;
import org.caseledger.platform.metrics.QueriedGauges;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/**
 * The silence a coordinator watches: appeals overdue now (unanswered past their due day, not closed) and how many
 * days the oldest unanswered appeal has waited, measured against this service's clock as the appeal views are.
 */
@Component
class AppealGauges {

    private static final String UNANSWERED = "first_response_on IS NULL AND closed_on IS NULL";

    AppealGauges(QueriedGauges gauges, JdbcClient jdbc, Clock clock) {
        gauges.register("caseledger.appeals.overdue", "Appeals unanswered past their due day and not closed",
                null, () -> Map.of(Tags.empty(), jdbc.sql(
                                "SELECT count(*) FROM appeal WHERE overdue AND " + UNANSWERED)
                        .query(Long.class).single()));
        gauges.register("caseledger.appeals.oldest.unanswered", "Days the oldest unanswered open appeal has waited",
                "days", () -> Map.of(Tags.empty(), jdbc.sql(
                                "SELECT COALESCE(max(CAST(:today AS DATE) - filed_on), 0) FROM appeal WHERE " + UNANSWERED)
                        .param("today", LocalDate.now(clock))
                        .query(Long.class).single()));
    }
}
