package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Brings an existing dataset in: a CSV file of people and what is known of them, one row each, recorded row by row
 * as an operator's requests would be ({@link CaseImport}). The columns are in docs/imports.md.
 */
@RestController
@RequestMapping("/api/imports")
@Tag(name = "imports", description = "Bringing in an existing dataset")
class ImportController {

    static final String CSV = "text/csv";

    private final CaseImport importer;

    ImportController(CaseImport importer) {
        this.importer = importer;
    }

    @PostMapping(consumes = CSV)
    @Operation(summary = "Import a CSV file, one case per row",
            description = "UTF-8, RFC 4180, a header row naming the columns of docs/imports.md (name, detention_date, "
                    + "detention_kind and source_type are needed; the others may be left out). Each row opens a case "
                    + "with its detention and records the status facts it gives, all of a row or none of it; a row "
                    + "that cannot be recorded is refused with its line and reasons and changes nothing, and the "
                    + "other rows go in. Uploading the same file again records nothing twice: each row's "
                    + "idempotency key is the file's SHA-256 and the row's line. A file that is not such CSV is "
                    + "refused whole with 400, and nothing of it is stored.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "The file was read; the summary says what "
                            + "became of every row, refused ones included"),
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
                              @org.springframework.web.bind.annotation.RequestBody(required = false) byte[] file) {
        byte[] bytes = file == null ? new byte[0] : file;
        return importer.record(ImportFile.read(bytes, ImportColumns.ALL, ImportColumns.REQUIRED));
    }
}
