package org.caseledger.projections.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.database.StreamedRows;
import org.caseledger.platform.security.Reader;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.redaction.DataClass;
import org.caseledger.projections.redaction.Redaction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every case event and every appeal event in the order the ledger recorded them, one JSON object a line, for an
 * analyst's own tools. Read from the case history and the appeal history through a database cursor and written as it
 * is read, so its memory does not grow with the ledger. Each line is redacted for the reader as the case view and the
 * timeline are ({@link ExportedEvent}), and the cases whose personal data the export shows, their appeals included,
 * are in the access log before its first line leaves.
 */
@RestController
@Tag(name = "exports", description = "The ledger for analysts' own tools")
class EventExportController {

    static final String ENDPOINT = "GET /api/exports/events.jsonl";
    static final String MEDIA_TYPE = "application/x-ndjson";
    private static final int FETCH_SIZE = 1000;
    private static final String VISIBILITY_CHANGED = EventCatalogue.nameOf(CaseVisibilityChanged.class);
    static final String EXAMPLE = """
            {"aggregateType":"Case","caseId":"0b6f2c1e-5d1a-4c52-9d0e-3f1a7e2b9c44","sequence":0,\
            "eventId":"5b0a9e3c-8f4d-4d21-9a57-1e2c3d4f5a6b","type":"DetentionReported","revision":"2",\
            "recordedAt":"2026-03-01T09:12:44.120381Z","recordedBy":"volunteer-7","visibility":"RESTRICTED",\
            "payload":{"caseId":"0b6f2c1e-5d1a-4c52-9d0e-3f1a7e2b9c44","person":{"name":"Шайырбек Даулетхан",\
            "birth":null,"gender":"MALE","hometown":null,"ethnicity":"Kazakh","occupation":null,\
            "citizenships":["KZ"],"nameVariants":[{"text":"Shaiyrbek Dauletkhan","script":"LATIN"}]},\
            "source":{"type":"RELATIVE_TESTIMONY","credible":true,"reference":"brother","reliability":"LIKELY"},\
            "detention":{"date":"2017-11","kind":"CAMP","place":"Zhaosu County","facility":null},\
            "caseNumber":1042},"redacted":[]}
            {"aggregateType":"Case","caseId":"0b6f2c1e-5d1a-4c52-9d0e-3f1a7e2b9c44","sequence":1,\
            "eventId":"0c3e7a51-2b9d-4e6f-8a10-9d8c7b6a5f4e","type":"RelativeLinked","revision":"1",\
            "recordedAt":"2026-03-01T09:13:02.000001Z","recordedBy":"volunteer-2","visibility":"RESTRICTED",\
            "payload":{"date":"2019","name":null,"caseId":"0b6f2c1e-5d1a-4c52-9d0e-3f1a7e2b9c44",\
            "source":{"type":"RELATIVE_TESTIMONY","credible":true,"reference":"second interview",\
            "reliability":"LIKELY"},"relation":"SIBLING","relativeId":"relative-1","relativeCaseId":null},\
            "redacted":["payload.name"]}
            """;

    /**
     * Each case's visibility now, as its own history says: its last CaseVisibilityChanged, read through the index of
     * those events alone (V30), not by a scan of the whole history at every export. The type is written into the
     * statement rather than bound, so that a prepared statement's generic plan can use that partial index too.
     */
    private static final String VISIBILITY_NOW = """
            WITH visibility_now AS (
                SELECT DISTINCT ON (case_id) case_id, payload ->> 'visibility' AS visibility
                  FROM case_history
                 WHERE type = '%s'
                 ORDER BY case_id, sequence DESC)
            """.formatted(VISIBILITY_CHANGED);

    private final StreamedRows rows;
    private final JdbcClient jdbc;
    private final AccessLog accessLog;
    private final ObjectMapper json = new ObjectMapper();

    EventExportController(JdbcTemplate jdbc, PlatformTransactionManager transactions, AccessLog accessLog) {
        this.rows = new StreamedRows(jdbc.getDataSource(), transactions, FETCH_SIZE);
        this.jdbc = JdbcClient.create(jdbc);
        this.accessLog = accessLog;
    }

    @GetMapping("/api/exports/events.jsonl")
    @Operation(summary = "Every case and appeal event in ledger order, one JSON object a line, streamed",
            description = "JSON Lines (UTF-8, one event a line, each ending in \\n): every event of every case as the "
                    + "ledger recorded it, in the order of its recording time (then case id and sequence), with "
                    + "the event's own payload. The events of each case's appeals are among them (aggregateType "
                    + "Appeal, with the appealId); authority registrations are not. "
                    + "Redacted for the reader as the case view and the timeline are: a withheld value is null and "
                    + "named in the line's redacted list; visibility is the one the line was redacted by. An export "
                    + "that shows any personal data is logged with those cases before its first line. Read it with "
                    + "pandas.read_json(..., lines=True) or R's jsonlite::stream_in(file(...)).")
    @ApiResponse(responseCode = "200", description = "The events, as JSON Lines",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = EXAMPLE)))
    void events(@Parameter(description = "only events recorded at or after this moment, ISO-8601 with its offset, "
                        + "e.g. 2019-06-30T00:00:00Z")
                @RequestParam(required = false) String since,
                @Parameter(description = "only events recorded before this moment, ISO-8601 with its offset")
                @RequestParam(required = false) String until,
                HttpServletResponse response) throws IOException {
        Optional<Instant> from = moment("since", since);
        Optional<Instant> to = moment("until", until);
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw Problems.invalid("until", "'" + until + "' must come after since ('" + since + "'); "
                    + "since is included, until is not");
        }
        Reader reader = Reader.required();
        Map<String, Object> params = new HashMap<>();
        StringBuilder range = new StringBuilder(" WHERE TRUE");
        from.ifPresent(moment -> {
            range.append(" AND h.recorded_at >= :since");
            params.put("since", Timestamp.from(moment));
        });
        to.ifPresent(moment -> {
            range.append(" AND h.recorded_at < :until");
            params.put("until", Timestamp.from(moment));
        });
        params.put("shown", Arrays.stream(Visibility.values())
                .filter(visibility -> Redaction.personVisible(reader.role(), visibility))
                .map(Enum::name).toArray(String[]::new));
        Optional<Long> entry = accessLog.recordStreamed(reader, ENDPOINT, VISIBILITY_NOW + """
                SELECT h.case_id
                  FROM case_history h
                  LEFT JOIN visibility_now v ON v.case_id = h.case_id
                """ + range + " AND COALESCE(v.visibility, '" + Redaction.effective(null).name()
                        + "') = ANY(CAST(:shown AS TEXT[])) UNION SELECT h.case_id FROM appeal_history h" + range,
                params, disclosed(reader.role(), appealsIn(range.toString(), params)));
        params.put("entry", entry.orElse(-1L));

        response.setContentType(MEDIA_TYPE + "; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"events.jsonl\"");
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
        rows.query(lines(range.toString()),
                params, rs -> write(out, rs, reader.role()));
        out.flush();
    }

    /**
     * The export's lines in ledger order: the case history's and the appeal history's, each found by recording time
     * through its own index, and sorted together.
     *
     * @param range the condition on recording time, on the alias {@code h}
     */
    static String lines(String range) {
        return VISIBILITY_NOW + """
                SELECT h.case_id, h.appeal_id, h.sequence, h.event_id, h.type, h.revision, h.recorded_at,
                       h.recorded_by, CAST(h.payload AS TEXT) AS payload, v.visibility,
                       logged.case_id IS NOT NULL AS logged
                  FROM (SELECT case_id, '' AS appeal_id, sequence, event_id, type, revision, recorded_at,
                               recorded_by, payload
                          FROM case_history h""" + range + """
                         UNION ALL
                        SELECT case_id, appeal_id, sequence, event_id, type, revision, recorded_at,
                               recorded_by, payload
                          FROM appeal_history h""" + range + """
                       ) AS h
                  LEFT JOIN visibility_now v ON v.case_id = h.case_id
                  LEFT JOIN (SELECT DISTINCT unnest(case_ids) AS case_id FROM access_log
                              WHERE entry_id = :entry) AS logged ON logged.case_id = h.case_id
                 ORDER BY h.recorded_at, h.case_id, h.appeal_id, h.sequence
                """;
    }

    private void write(OutputStream out, ResultSet rs, Role role) throws SQLException {
        try {
            String payload = rs.getString("payload");
            String visibility = rs.getString("visibility");
            String appealId = rs.getString("appeal_id");
            ExportedEvent.Stored event = new ExportedEvent.Stored(rs.getString("case_id"),
                    appealId.isEmpty() ? null : appealId, rs.getLong("sequence"),
                    rs.getString("event_id"), rs.getString("type"), rs.getString("revision"),
                    rs.getTimestamp("recorded_at").toInstant(), rs.getString("recorded_by"),
                    payload == null ? null : (ObjectNode) json.readTree(payload),
                    visibility == null ? null : Visibility.valueOf(visibility));
            out.write(json.writeValueAsBytes(ExportedEvent.line(event, role, rs.getBoolean("logged"))));
            out.write('\n');
        } catch (IOException e) {
            throw new ExportInterrupted(e);
        }
    }

    /** Whether the export's range holds any appeal event: which authorities were appealed to for whom. */
    private boolean appealsIn(String range, Map<String, Object> params) {
        return Boolean.TRUE.equals(jdbc.sql("SELECT EXISTS (SELECT 1 FROM appeal_history h" + range + ")")
                .params(params).query(Boolean.class).single());
    }

    /** The classes of personal data the export may show a role; each line is redacted to them. */
    private static Set<DataClass> disclosed(Role role, boolean appeals) {
        Set<DataClass> classes = EnumSet.of(DataClass.PERSON);
        if (appeals) {
            classes.add(DataClass.APPEALS);
        }
        if (Redaction.provenanceVisible(role, Visibility.RESTRICTED)) {
            classes.add(DataClass.PROVENANCE);
        }
        if (Redaction.testimonyTextVisible(role, Visibility.RESTRICTED)) {
            classes.add(DataClass.TESTIMONY_TEXT);
        }
        if (Redaction.namesOfGiversAndRelativesVisible(role)) {
            classes.add(DataClass.TESTIMONY_GIVER_NAME);
            classes.add(DataClass.RELATIVE_NAME);
        }
        return classes;
    }

    /** A moment of recording time; a '+' of an offset left unescaped in the query arrives as a space. */
    private static Optional<Instant> moment(String parameter, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip().replace(' ', '+')).toInstant());
        } catch (DateTimeParseException e) {
            throw Problems.invalid(parameter, "'" + value + "' is not a moment; write one with its offset, e.g. "
                    + "2019-06-30T00:00:00Z or 2019-06-30T06:00:00+06:00");
        }
    }

    /** The reader went away in the middle: nothing to answer, the cursor is closed with its transaction. */
    static final class ExportInterrupted extends RuntimeException {
        ExportInterrupted(IOException cause) {
            super("The export's reader stopped reading: " + cause.getMessage(), cause);
        }
    }
}
