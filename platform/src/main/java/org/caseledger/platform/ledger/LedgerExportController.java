package org.caseledger.platform.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.caseledger.platform.security.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The service's event store and signed checkpoints as a file anyone can verify on its own, for admins. */
@RestController
@Tag(name = "ledger", description = "Proof that no stored event was altered, removed or moved")
class LedgerExportController {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerExportController.class);

    static final String EXAMPLE = """
            {"format":"caseledger-ledger-export-v1","service":"case-service","exportedAt":"2026-03-02T10:20:00Z"}
            {"checkpoint":{"service":"case-service","number":1,"upToGlobalIndex":2,"events":2,"aggregates":1,\
            "merkleRoot":"9f2c4e1a0b3d5f7e8c6a4b2d0f1e3c5a7b9d8e6f4a2c0b1d3e5f7a9c8b6d4e2f",\
            "createdAt":"2026-03-02T10:15:30.123Z","keyId":"3c5a7b9d8e6f4a2c","signature":"kq0l…AA=="}}
            {"event":{"globalIndex":1,"aggregateId":"0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f","sequenceNumber":0,\
            "aggregateType":"Case","eventId":"5f0c2a9e-7b1d-4e3f-9a8c-1d2e3f4a5b6c",\
            "payloadType":"org.caseledger.api.cases.CaseOpened","payloadRevision":"1",\
            "timestamp":"2026-03-02T10:15:29.870Z","metadata":"eyJyZWNvcmRlZEJ5Ijoi…","payload":"eyJjYXNlSWQiOi…",\
            "chainHash":"4f1c…"}}
            {"end":{"checkpoints":1,"events":2}}
            """;

    private final DataSource dataSource;
    private final String service;
    private final Clock clock;

    LedgerExportController(DataSource dataSource, String service, Clock clock) {
        this.dataSource = dataSource;
        this.service = service;
        this.clock = clock;
    }

    @GetMapping("/api/admin/ledger/export")
    @Operation(summary = "The whole event store with every event's hash, and every signed checkpoint, as one file "
            + "that verifies without the service",
            description = "JSON Lines (UTF-8), streamed from one snapshot of the store: a first line naming the "
                    + "format, the service and the moment; every checkpoint in the order of their numbers; every "
                    + "event by aggregate and sequence number, with every column its hash covers (metadata and "
                    + "payload in base64, exactly as stored) and the hash it carries; a last line with the counts. "
                    + "deploy/local/verify-ledger checks such a file with the service's public key alone "
                    + "(docs/ledger-proof.md). The payloads are the events as stored, personal data included: "
                    + "keep the file as the database is kept.")
    @ApiResponse(responseCode = "200", description = "The export, as JSON Lines",
            content = @Content(mediaType = LedgerExport.MEDIA_TYPE, schema = @Schema(type = "string"),
                    examples = @ExampleObject(value = EXAMPLE)))
    void export(HttpServletResponse response) throws IOException {
        Instant now = clock.instant();
        response.setContentType(LedgerExport.MEDIA_TYPE + "; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + service + "-ledger-"
                + now.atOffset(ZoneOffset.UTC).toLocalDate() + ".jsonl\"");
        LedgerExport.Written written = LedgerExport.write(dataSource, service, now, response.getOutputStream());
        LOG.info("Ledger exported by {}: {} events, {} checkpoints", Reader.required().user(), written.events(),
                written.checkpoints());
    }
}
