package org.caseledger.projections.statistics;

import org.caseledger.platform.web.Problems;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The state of the statistics model a reading reads: the live one, or the one the ledger knew at a past moment
 * ({@code asOf}, by recording time). A statement written for the live tables reads the past unchanged: it is
 * prefixed with common table expressions of the live tables' names over the row versions valid at that moment
 * ({@code V25__statistics_as_known.sql}), which PostgreSQL reads in the tables' stead. So the statistics of a past
 * moment are counted by the very statements, and rules, of today's.
 */
record KnownAt(Instant asOf) {

    /** The live model. */
    static final KnownAt NOW = new KnownAt(null);

    private static final String VALID =
            "%1$s.recorded_from <= :asOf AND (%1$s.recorded_until IS NULL OR %1$s.recorded_until > :asOf)";
    /** What a fact or an appeal carries of its case (V26), here from the case's version valid then. */
    private static final String CASE_VALUES = """
            COALESCE(c.merged_into IS NULL, FALSE) AS counted, c.status, c.ethnicity, c.gender, c.prefecture, \
            c.county, c.facility_id, c.first_detention_start, c.first_detention_end""";
    private static final String AS_KNOWN = """
            WITH statistics_case AS NOT MATERIALIZED (SELECT * FROM statistics_case_version v WHERE %1$s),
                 statistics_fact AS NOT MATERIALIZED (
                     SELECT f.*, %4$s
                       FROM statistics_fact_version f JOIN statistics_case c ON c.case_id = f.case_id
                      WHERE %2$s),
                 statistics_appeal AS NOT MATERIALIZED (
                     SELECT a.*, %4$s
                       FROM statistics_appeal_version a LEFT JOIN statistics_case c ON c.case_id = a.case_id
                      WHERE %3$s)
            """.formatted(VALID.formatted("v"), VALID.formatted("f"), VALID.formatted("a"), CASE_VALUES);

    /**
     * The moment asked for, checked against how far back the model's versions go: a moment before they tell every
     * state is refused, since an answer for it would be guessed.
     */
    static KnownAt of(Instant asOf, JdbcClient jdbc) {
        if (asOf == null) {
            return NOW;
        }
        Instant keptSince = jdbc.sql("""
                        SELECT CASE WHEN kept_since = '-infinity' THEN NULL ELSE kept_since END FROM statistics_history""")
                .query((rs, row) -> rs.getTimestamp(1))
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
        if (keptSince != null && asOf.isBefore(keptSince)) {
            throw Problems.invalid("asOf", "'" + asOf + "' is before " + keptSince + ", since when the statistics keep "
                    + "every state they had; give a later moment, or rebuild the statistics from the topics' start to "
                    + "answer for earlier ones");
        }
        return new KnownAt(asOf);
    }

    boolean live() {
        return asOf == null;
    }

    /** The statement for the live tables, made to read this state; its parameters put into {@code params}. */
    String sql(String statement, Map<String, Object> params) {
        if (live()) {
            return statement;
        }
        params.put("asOf", Timestamp.from(asOf));
        return AS_KNOWN + statement;
    }

    /** The day silences and overdue appeals are counted to: today, or the day of the moment asked for (UTC). */
    LocalDate today(Clock clock) {
        return live() ? LocalDate.now(clock) : LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    }
}
