package org.caseledger.projections.timeline;

import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SourceType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads of the timeline model. */
@Component
class TimelineQueries {

    private final JdbcClient jdbc;

    TimelineQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CaseTimeline> findTimeline(String caseId) {
        Optional<Long> version = jdbc.sql("SELECT version FROM timeline_case WHERE case_id = :caseId")
                .param("caseId", caseId)
                .query(Long.class)
                .optional();
        return version.map(v -> new CaseTimeline(caseId, v, jdbc.sql("""
                        SELECT event_id, sequence, type, fact_date, source_type, source_reliability,
                               source_reference, recorded_by, recorded_at, summary, retracted_by, retraction_reason
                          FROM timeline_entry
                         WHERE case_id = :caseId
                         ORDER BY sequence
                        """)
                .param("caseId", caseId)
                .query((rs, n) -> new CaseTimeline.Entry(
                        rs.getString("event_id"),
                        rs.getLong("sequence"),
                        rs.getString("type"),
                        rs.getString("fact_date"),
                        rs.getString("source_type") == null ? null : new CaseTimeline.Source(
                                SourceType.valueOf(rs.getString("source_type")),
                                rs.getString("source_reliability") == null ? null
                                        : Reliability.valueOf(rs.getString("source_reliability")),
                                rs.getString("source_reference")),
                        rs.getString("recorded_by"),
                        rs.getTimestamp("recorded_at").toInstant(),
                        rs.getString("summary"),
                        rs.getString("retracted_by") != null,
                        rs.getString("retracted_by"),
                        rs.getString("retraction_reason")))
                .list()));
    }
}
