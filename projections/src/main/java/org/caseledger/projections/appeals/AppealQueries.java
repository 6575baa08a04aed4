package org.caseledger.projections.appeals;

import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealOutcome;
import org.caseledger.api.appeals.AppealStatus;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.ResponseType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of the appeal model. How long an appeal has waited is measured against this service's clock. */
@Component
class AppealQueries {

    private final JdbcClient jdbc;
    private final Clock clock;

    AppealQueries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    CaseAppeals appealsOf(String caseId) {
        LocalDate today = LocalDate.now(clock);
        List<AppealView> appeals = jdbc.sql("""
                        SELECT a.*, au.name, au.kind, au.country, au.expected_response_days
                          FROM appeal a LEFT JOIN appeal_authority au ON au.authority_id = a.authority_id
                         WHERE a.case_id = :caseId
                         ORDER BY a.filed_on, a.appeal_id
                        """)
                .param("caseId", caseId)
                .query((rs, n) -> view(rs, today))
                .list();
        return new CaseAppeals(caseId, appeals);
    }

    Optional<AuthorityRecord> recordOf(String authorityId) {
        Optional<AuthorityView> authority = jdbc.sql("SELECT * FROM appeal_authority WHERE authority_id = :id")
                .param("id", authorityId)
                .query((rs, n) -> authority(rs, rs.getString("authority_id")))
                .optional();
        record Counts(long filed, long answered, Double medianDaysToAnswer, long overdueNow) {
        }
        Counts counts = jdbc.sql("""
                        SELECT count(*) AS filed,
                               count(first_response_on) AS answered,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_on - filed_on)
                                   FILTER (WHERE first_response_on IS NOT NULL) AS median_days,
                               count(*) FILTER (WHERE overdue AND first_response_on IS NULL AND closed_on IS NULL)
                                   AS overdue_now
                          FROM appeal WHERE authority_id = :id
                        """)
                .param("id", authorityId)
                .query((rs, n) -> new Counts(rs.getLong("filed"), rs.getLong("answered"),
                        (Double) rs.getObject("median_days"), rs.getLong("overdue_now")))
                .single();
        if (authority.isEmpty() && counts.filed() == 0) {
            return Optional.empty();
        }
        Map<ResponseType, Long> byType = new EnumMap<>(ResponseType.class);
        jdbc.sql("""
                        SELECT r.type, count(*) AS answers
                          FROM appeal_response r JOIN appeal a ON a.appeal_id = r.appeal_id
                         WHERE a.authority_id = :id
                         GROUP BY r.type
                        """)
                .param("id", authorityId)
                .query(rs -> {
                    byType.put(ResponseType.valueOf(rs.getString("type")), rs.getLong("answers"));
                });
        return Optional.of(new AuthorityRecord(
                authority.orElse(new AuthorityView(authorityId, null, null, null, null)),
                counts.filed(), counts.answered(), byType, counts.medianDaysToAnswer(), counts.overdueNow()));
    }

    private static AppealView view(ResultSet rs, LocalDate today) throws SQLException {
        LocalDate filedOn = rs.getDate("filed_on").toLocalDate();
        LocalDate firstResponseOn = date(rs, "first_response_on");
        LocalDate closedOn = date(rs, "closed_on");
        AppealStatus status = closedOn != null ? AppealStatus.CLOSED
                : firstResponseOn != null ? AppealStatus.ANSWERED
                : rs.getBoolean("overdue") ? AppealStatus.OVERDUE
                : AppealStatus.PENDING;
        LocalDate waitedUntil = firstResponseOn != null ? firstResponseOn : closedOn != null ? closedOn : today;
        return new AppealView(
                rs.getString("appeal_id"),
                rs.getString("case_id"),
                authority(rs, rs.getString("authority_id")),
                AppealChannel.valueOf(rs.getString("channel")),
                AppellantRole.valueOf(rs.getString("filed_by")),
                filedOn,
                rs.getDate("response_due_on").toLocalDate(),
                status,
                Math.max(0, ChronoUnit.DAYS.between(filedOn, waitedUntil)),
                rs.getString("first_response_type") == null
                        ? null : ResponseType.valueOf(rs.getString("first_response_type")),
                firstResponseOn,
                rs.getInt("follow_ups"),
                rs.getString("outcome") == null ? null : AppealOutcome.valueOf(rs.getString("outcome")),
                closedOn,
                rs.getString("escalated_from"),
                rs.getString("escalated_to"),
                rs.getLong("version"));
    }

    private static AuthorityView authority(ResultSet rs, String authorityId) throws SQLException {
        String kind = rs.getString("kind");
        return new AuthorityView(authorityId, rs.getString("name"), kind == null ? null : AuthorityKind.valueOf(kind),
                rs.getString("country"), (Integer) rs.getObject("expected_response_days"));
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }
}
