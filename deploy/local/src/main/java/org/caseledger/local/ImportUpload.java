package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Uploads a CSV file to case-service's import ({@code POST /api/imports}, docs/imports.md) as the local operator, and
 * prints how far it has got while it runs (the service streams its progress as JSON Lines) and then what became of
 * every row: the counts, and each refused row's line with its reasons. Run it with {@code deploy/local/import}, which
 * signs in. Exits 0 when every row is on record, 1 when some were refused, 2 when the file was not taken.
 */
public final class ImportUpload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportUpload() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            fail("usage: deploy/local/import <file.csv>");
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            fail("cannot read " + file);
        }
        String token = System.getenv("CASELEDGER_TOKEN_OPERATOR");
        if (token == null || token.isBlank()) {
            fail("no operator token: run this through deploy/local/import");
        }
        String address = "http://localhost:" + LocalEnv.port("CASE_SERVICE_PORT", 8081) + "/api/imports";
        long lines;
        try (Stream<String> all = Files.lines(file)) {
            lines = all.count();
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "importing %s (%d bytes, %d lines after the header) into %s%n", file,
                Files.size(file), Math.max(0, lines - 1), address);

        long started = System.nanoTime();
        HttpResponse<Stream<String>> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(address))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "text/csv")
                        .header("Accept", "application/x-ndjson")
                        // The service answers once it has read the file, with the first progress line.
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(), HttpResponse.BodyHandlers.ofLines());
        if (answer.statusCode() != 200) {
            String body = String.join("\n", answer.body().toList());
            fail("case-service refused the file (" + answer.statusCode() + "): " + detail(body));
        }
        JsonNode summary = null;
        for (Iterator<String> it = answer.body().iterator(); it.hasNext(); ) {
            JsonNode line = JSON.readTree(it.next());
            if (line.has("progress")) {
                double seconds = (System.nanoTime() - started) / 1e9;
                int done = line.at("/progress/done").asInt();
                out.printf(Locale.ROOT, "  %d of %d rows done, %.0f rows/s%n", done,
                        line.at("/progress/rows").asInt(), done / seconds);
            } else if (line.has("problem")) {
                fail(line.at("/problem/detail").asText());
            } else if (line.has("summary")) {
                summary = line.get("summary");
            }
        }
        if (summary == null) {
            fail("case-service ended the answer without a summary; upload the same file again to finish the import "
                    + "(rows on record are not recorded twice)");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long rows = summary.get("rows").asLong();
        out.printf(Locale.ROOT, "rows %d, cases opened %d, facts recorded %d, imported before %d, refused %d "
                        + "(%.1f s, %.0f rows/s)%n", rows, summary.get("casesOpened").asLong(),
                summary.get("factsRecorded").asLong(), summary.get("alreadyImported").asLong(),
                summary.get("refused").size(), seconds, rows / seconds);
        for (JsonNode refused : summary.get("refused")) {
            out.printf(Locale.ROOT, "  line %d refused:%n", refused.get("line").asLong());
            refused.get("reasons").forEach(reason -> out.println("    " + reason.asText()));
        }
        System.exit(summary.get("refused").isEmpty() ? 0 : 1);
    }

    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return problem.path("detail").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
