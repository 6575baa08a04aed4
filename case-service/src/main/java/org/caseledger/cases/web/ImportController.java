package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.caseledger.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Brings an existing dataset in: a CSV file of people and what is known of them, one row each, recorded row by row
 * as an operator's requests would be ({@link CaseImport}). The columns are in docs/imports.md. A client that asks
 * for JSON Lines hears how far the import has got while it runs, and gets the summary as the last line.
 */
@RestController
@RequestMapping("/api/imports")
@Tag(name = "imports", description = "Bringing in an existing dataset")
class ImportController {

    static final String CSV = "text/csv";
    static final String JSON_LINES = "application/x-ndjson";

    private static final Logger log = LoggerFactory.getLogger(ImportController.class);
    private static final int PROGRESS_ROWS = 100;
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    static final String LINES_EXAMPLE = """
            {"progress":{"done":100,"rows":250}}
            {"progress":{"done":200,"rows":250}}
            {"summary":{"rows":250,"casesOpened":248,"factsRecorded":391,"alreadyImported":0,"cases":[…],"refused":[…]}}
            """;

    private final CaseImport importer;
    private final ObjectMapper json;

    ImportController(CaseImport importer, ObjectMapper json) {
        this.importer = importer;
        this.json = json;
    }

    @PostMapping(consumes = CSV, produces = {MediaType.APPLICATION_JSON_VALUE, JSON_LINES})
    @Operation(summary = "Import a CSV file, one case per row",
            description = "UTF-8, RFC 4180, a header row naming the columns of docs/imports.md (name, detention_date, "
                    + "detention_kind and source_type are needed; the others may be left out). Each row opens a case "
                    + "with its detention and records the status facts it gives, all of a row or none of it; a row "
                    + "that cannot be recorded is refused with its line and reasons and changes nothing, and the "
                    + "other rows go in. Uploading the same file again records nothing twice: each row's "
                    + "idempotency key is the file's SHA-256 and the row's line, so an import cut short is finished "
                    + "by uploading the file again. A file that is not such CSV is refused whole with 400, and "
                    + "nothing of it is stored. With Accept: application/x-ndjson the answer is streamed: a progress "
                    + "line every 100 rows or every second, then the summary; should the service fail part way, "
                    + "the last line is a problem instead.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The file was read; the summary says what "
                            + "became of every row, refused ones included", content = {
                            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = ImportSummary.class)),
                            @Content(mediaType = JSON_LINES, schema = @Schema(type = "string"),
                                    examples = @ExampleObject(value = LINES_EXAMPLE))}),
                    @ApiResponse(responseCode = "400", description = "The file is not UTF-8 RFC 4180 CSV with a "
                            + "header of known columns; nothing was stored", content = @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/Problem"),
                            examples = @ExampleObject(value = """
                                    {"type": "about:blank", "title": "Invalid request", "status": 400,
                                     "detail": "file: the header names columns that are not known: birthday; the columns are name, name_latin, …",
                                     "instance": "/api/imports", "field": "file"}"""))),
                    @ApiResponse(responseCode = "413", description = "The file is larger than the service takes "
                            + "(16 MiB by default); split it and import the parts one after another"),
                    @ApiResponse(responseCode = "415", description = "The body is not sent as text/csv")})
    ImportSummary importCases(@RequestBody(description = "The CSV file", required = true,
            content = @Content(mediaType = CSV, schema = @Schema(type = "string", format = "binary"),
                    examples = @ExampleObject(value = """
                            name,name_cyrillic,detention_date,detention_kind,release_date,release_conditions,source_type
                            Nurlan Kokteubaev,Нурлан Коктеубаев,2017-11,CAMP,2018-12,SURVEILLANCE,RELATIVE_TESTIMONY
                            """)))
                              @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] file,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              HttpServletResponse response) throws IOException {
        ImportFile read = ImportFile.read(file == null ? new byte[0] : file, ImportColumns.ALL, ImportColumns.REQUIRED);
        if (accept == null || !MediaType.parseMediaTypes(accept).contains(MediaType.parseMediaType(JSON_LINES))) {
            return importer.record(read, (done, rows) -> {
            });
        }
        stream(read, response);
        return null;
    }

    /** Written by the request's own thread, so the rows are recorded as its user, in its trace. */
    private void stream(ImportFile file, HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(JSON_LINES + ";charset=UTF-8");
        OutputStream out = response.getOutputStream();
        long[] last = {System.nanoTime()};
        int[] reached = {0};
        try {
            ImportSummary summary = importer.record(file, (done, rows) -> {
                reached[0] = done;
                long now = System.nanoTime();
                if (done % PROGRESS_ROWS == 0 || now - last[0] >= PROGRESS_NANOS) {
                    last[0] = now;
                    line(out, Map.of("progress", Map.of("done", done, "rows", rows)));
                }
            });
            line(out, Map.of("summary", summary));
        } catch (RuntimeException e) {
            log.error("Import of file {} stopped after {} rows", file.sha256(), reached[0], e);
            line(out, Map.of("problem", Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "The import stopped after "
                    + reached[0] + " of " + file.rowCount() + " rows, on the service's side; upload the same file "
                    + "again to finish it: the rows on record are not recorded twice")));
        }
    }

    private void line(OutputStream out, Object value) throws IOException {
        out.write(json.writeValueAsBytes(value));
        out.write('\n');
        out.flush();
    }
}
