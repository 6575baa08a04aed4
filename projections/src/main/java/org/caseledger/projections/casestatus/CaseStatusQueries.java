package org.caseledger.projections.casestatus;

import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.ReleaseConditions;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Reads of the case status model. */
@Component
class CaseStatusQueries {

    private static final String COLUMNS = """
            case_id, case_number, name, status, status_since, detention_kind, release_conditions,
            last_event_at, version""";

    private static final RowMapper<CaseStatusView> VIEW = (rs, n) -> new CaseStatusView(
            rs.getString("case_id"),
            rs.getLong("case_number"),
            rs.getString("name"),
            CaseStatus.valueOf(rs.getString("status")),
            rs.getString("status_since"),
            rs.getString("detention_kind") == null ? null : DetentionKind.valueOf(rs.getString("detention_kind")),
            rs.getString("release_conditions") == null
                    ? null : ReleaseConditions.valueOf(rs.getString("release_conditions")),
            rs.getTimestamp("last_event_at").toInstant(),
            rs.getLong("version"));

    private final JdbcClient jdbc;

    CaseStatusQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<CaseStatusView> findCase(String caseId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM case_status WHERE case_id = :caseId")
                .param("caseId", caseId)
                .query(VIEW)
                .optional();
    }

    CaseStatusPage findCases(Optional<CaseStatus> status, int page, int size) {
        String where = status.isPresent() ? " WHERE status = :status" : "";
        List<CaseStatusView> items = jdbc.sql("SELECT " + COLUMNS + " FROM case_status" + where
                        + " ORDER BY case_number LIMIT :limit OFFSET :offset")
                .param("status", status.map(Enum::name).orElse(null))
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(VIEW)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM case_status" + where)
                .param("status", status.map(Enum::name).orElse(null))
                .query(Long.class)
                .single();
        return new CaseStatusPage(items, page, size, total);
    }
}
