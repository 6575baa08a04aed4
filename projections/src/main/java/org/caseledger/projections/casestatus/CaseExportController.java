package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.database.StreamedRows;
import org.caseledger.platform.security.Reader;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.redaction.DataClass;
import org.caseledger.projections.redaction.Redaction;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cases as they stand, one row each, for an analyst's own tools: RFC 4180 CSV in UTF-8, the names exactly as
 * recorded. Streamed from a database cursor as it is read, so its memory does not grow with the ledger. The person's
 * columns are filled only where the reader's role may see the case's person, as in the case list, and the cases
 * whose person the export shows are in the access log before its first row leaves.
 */
@RestController
@Tag(name = "exports", description = "The ledger for analysts' own tools")
class CaseExportController {

    static final String ENDPOINT = "GET /api/exports/cases.csv";
    static final List<String> COLUMNS = List.of("case_id", "case_number", "status", "status_since",
            "detention_kind", "facility_id", "facility_name", "disputed", "merged_into", "visibility",
            "last_event_at", "person_withheld", "name", "name_variants", "gender", "birth_year", "ethnicity",
            "citizenships", "hometown_county", "hometown_prefecture", "occupation");
    private static final int FETCH_SIZE = 500;
    static final String EXAMPLE = "case_id,case_number,status,status_since,detention_kind,facility_id,facility_name,"
            + "disputed,merged_into,visibility,last_event_at,person_withheld,name,name_variants,gender,birth_year,"
            + "ethnicity,citizenships,hometown_county,hometown_prefecture,occupation\r\n"
            + "0b6f2c1e-5d1a-4c52-9d0e-3f1a7e2b9c44,1042,SENTENCED,2019-04,PRISON,107,Yecheng - I,false,,PUBLIC,"
            + "2026-03-01T09:12:44Z,false,Шайырбек Даулетхан,Shaiyrbek Dauletkhan,MALE,1968,Kazakh,KZ CN,Tekes,Ili,"
            + "\"teacher, retired\"\r\n"
            + "7c1d9a30-2e4b-4f8e-8a61-5b0c9d3e2f17,1043,DETAINED,2018-05,CAMP,,,false,,RESTRICTED,"
            + "2026-03-01T09:13:02Z,true,,,,,,,,,\r\n";

    private final StreamedRows rows;
    private final AccessLog accessLog;

    CaseExportController(JdbcTemplate jdbc, PlatformTransactionManager transactions, AccessLog accessLog) {
        this.rows = new StreamedRows(jdbc.getDataSource(), transactions, FETCH_SIZE);
        this.accessLog = accessLog;
    }

    @GetMapping("/api/exports/cases.csv")
    @Operation(summary = "Every case as it stands, one CSV row each, streamed",
            description = "RFC 4180 (comma, double quotes, CRLF), UTF-8, a header row; in case number order, under "
                    + "the case list's filters. The person's columns (name … occupation) are empty and "
                    + "person_withheld is true where the reader's role may not see the case's person (as in "
                    + "GET /api/cases); an export that shows any person is logged with those cases. Name variants "
                    + "are separated by ' | ', citizenships by ' '. Read it with pandas.read_csv(..., "
                    + "keep_default_na=False) or R's read.csv(..., encoding = \"UTF-8\", "
                    + "na.strings = character(0)).")
    @ApiResponse(responseCode = "200", description = "The cases, as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = EXAMPLE)))
    void cases(@RequestParam(required = false) CaseStatus status,
               @RequestParam(required = false) String ethnicity,
               @RequestParam(required = false) Gender gender,
               @RequestParam(required = false) String prefecture,
               @RequestParam(required = false) String county,
               @Parameter(description = "a facility's id in the register")
               @RequestParam(required = false) String facility,
               @Parameter(description = "first detention on or after: YYYY, YYYY-MM or YYYY-MM-DD")
               @RequestParam(required = false) String detainedFrom,
               @Parameter(description = "first detention on or before: YYYY, YYYY-MM or YYYY-MM-DD")
               @RequestParam(required = false) String detainedTo,
               @RequestParam(defaultValue = "false") boolean includeMerged,
               HttpServletResponse response) throws IOException {
        StatisticsFilters filters = StatisticsFilters.of(status, ethnicity, gender, prefecture, county, facility,
                detainedFrom, detainedTo);
        Reader reader = Reader.required();
        Map<String, Object> params = new HashMap<>();
        String where = CaseStatusQueries.where(filters, includeMerged, params);
        params.put("visible", Arrays.stream(Visibility.values())
                .filter(visibility -> Redaction.personVisible(reader.role(), visibility))
                .map(Enum::name).toArray(String[]::new));
        String personShown = "COALESCE(s.visibility, '" + Redaction.effective(null).name()
                + "') = ANY(CAST(:visible AS TEXT[]))";
        Optional<Long> entry = accessLog.recordStreamed(reader, ENDPOINT,
                "SELECT s.case_id FROM case_status s" + (where.isEmpty() ? " WHERE " : where + " AND ") + personShown,
                params, Set.of(DataClass.PERSON));
        params.put("entry", entry.orElse(-1L));

        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"cases.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new))
                .get());
        rows.query("""
                        SELECT s.case_id, s.case_number, s.status, s.status_since, s.detention_kind,
                               s.facility, s.disputed, s.merged_into, s.visibility, s.last_event_at,
                               shown.case_id IS NOT NULL AS person_shown, s.person
                          FROM case_status s
                          LEFT JOIN (SELECT unnest(case_ids) AS case_id FROM access_log
                                      WHERE entry_id = :entry) AS shown ON shown.case_id = s.case_id
                        """ + where + " ORDER BY s.case_number",
                params, rs -> print(csv, rs));
        csv.flush();
    }

    private void print(CSVPrinter csv, ResultSet rs) throws SQLException {
        try {
            Facility facility = CaseStatusQueries.fromJson(rs.getString("facility"), Facility.class);
            boolean shown = rs.getBoolean("person_shown");
            Person person = shown ? CaseStatusQueries.fromJson(rs.getString("person"), Person.class) : null;
            List<Object> row = new ArrayList<>(List.of(rs.getString("case_id"), rs.getLong("case_number"),
                    text(rs.getString("status")), text(rs.getString("status_since")),
                    text(rs.getString("detention_kind")), facility == null ? "" : text(facility.id()),
                    facility == null ? "" : text(facility.name()), rs.getBoolean("disputed"),
                    text(rs.getString("merged_into")), Redaction.effective(visibility(rs.getString("visibility"))),
                    rs.getTimestamp("last_event_at").toInstant(), !shown));
            row.addAll(person(person));
            csv.printRecord(row);
        } catch (IOException e) {
            throw new ExportInterrupted(e);
        }
    }

    private static List<Object> person(Person person) {
        if (person == null) {
            return List.of("", "", "", "", "", "", "", "", "");
        }
        return List.of(text(person.name()),
                person.nameVariants() == null ? "" : person.nameVariants().stream().map(NameVariant::text)
                        .collect(Collectors.joining(" | ")),
                person.gender() == null ? "" : person.gender().name(),
                person.birth() == null || person.birth().year() == null ? "" : person.birth().year(),
                text(person.ethnicity()),
                person.citizenships() == null ? "" : String.join(" ", person.citizenships()),
                person.hometown() == null ? "" : text(person.hometown().county()),
                person.hometown() == null ? "" : text(person.hometown().prefecture()),
                text(person.occupation()));
    }

    private static Visibility visibility(String stored) {
        return stored == null ? null : Visibility.valueOf(stored);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** The reader went away in the middle: nothing to answer, the cursor is closed with its transaction. */
    static final class ExportInterrupted extends RuntimeException {
        ExportInterrupted(IOException cause) {
            super("The export's reader stopped reading: " + cause.getMessage(), cause);
        }
    }
}
