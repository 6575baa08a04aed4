package org.caseledger.projections.accesslog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.caseledger.platform.web.Problems;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Who read which person's data: the access log, for admins, filtered and paged. */
@RestController
@Tag(name = "access log", description = "Every answer of this service that contained personal data")
class AccessLogController {

    private final JdbcClient jdbc;

    AccessLogController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/admin/access-log")
    @Operation(summary = "Who read which case's personal data, newest first",
            description = "Every filter is optional; 'from' and 'to' are instants (ISO-8601, UTC), 'from' included, "
                    + "'to' excluded.")
    AccessLogPage accessLog(@RequestParam(name = "caseId", required = false) @Size(min = 1, max = 64) String caseIdParam,
                            @RequestParam(name = "user", required = false) @Size(min = 1, max = 200) String userParam,
                            @Parameter(example = "2026-03-01T00:00:00Z") @RequestParam Optional<Instant> from,
                            @Parameter(example = "2026-04-01T00:00:00Z") @RequestParam Optional<Instant> to,
                            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        Optional<String> caseId = Optional.ofNullable(caseIdParam);
        Optional<String> user = Optional.ofNullable(userParam);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw Problems.invalid("to", "must be later than 'from' (" + from.get() + "); the log is read from "
                    + "'from' up to, not including, 'to'");
        }
        List<String> conditions = new ArrayList<>();
        caseId.ifPresent(id -> conditions.add("case_ids @> ARRAY[CAST(:caseId AS TEXT)]"));
        user.ifPresent(name -> conditions.add("username = :user"));
        from.ifPresent(instant -> conditions.add("accessed_at >= :from"));
        to.ifPresent(instant -> conditions.add("accessed_at < :to"));
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<AccessLogEntry> items = bind(jdbc.sql("SELECT * FROM access_log" + where
                + " ORDER BY accessed_at DESC, entry_id DESC LIMIT :limit OFFSET :offset"), caseId, user, from, to)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(AccessLogController::entry)
                .list();
        long total = bind(jdbc.sql("SELECT count(*) FROM access_log" + where), caseId, user, from, to)
                .query(Long.class).single();
        return new AccessLogPage(items, page, size, total);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Optional<String> caseId,
                                                 Optional<String> user, Optional<Instant> from, Optional<Instant> to) {
        return statement
                .param("caseId", caseId.orElse(null))
                .param("user", user.orElse(null))
                .param("from", from.map(java.sql.Timestamp::from).orElse(null))
                .param("to", to.map(java.sql.Timestamp::from).orElse(null));
    }

    private static AccessLogEntry entry(ResultSet rs, int row) throws SQLException {
        return new AccessLogEntry(rs.getLong("entry_id"), rs.getTimestamp("accessed_at").toInstant(),
                rs.getString("username"), rs.getString("role"), rs.getString("endpoint"),
                texts(rs.getArray("case_ids")), texts(rs.getArray("data_classes")));
    }

    private static List<String> texts(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
