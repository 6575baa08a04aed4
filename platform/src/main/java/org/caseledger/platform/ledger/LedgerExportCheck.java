package org.caseledger.platform.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Verifies a {@link LedgerExport} on its own, with nothing but the file and the service's public key: every chain
 * and every checkpoint as the service's own verification checks them, and the file's shape — its first line, every
 * checkpoint before the events, and the last line's counts, so that lines cut off or added are found too. Reads one
 * line at a time; holds one aggregate's events and the checkpoints' heads, as the service's verification does.
 */
public final class LedgerExportCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<LedgerKeys> keys;
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private ChainCheck chains;
    private String service;
    private String exportedAt;
    private long events;
    private boolean ended;

    private LedgerExportCheck(Optional<LedgerKeys> keys) {
        this.keys = keys;
    }

    /**
     * What the check found.
     *
     * @param exportProblem the first line that is not where or what an export's line must be, or null
     * @param ledger        the chains and checkpoints, over the events read up to that line
     */
    public record Result(boolean verified, String service, String exportedAt, String exportProblem,
                         LedgerVerification ledger) {
    }

    public static Result verify(InputStream export, Optional<LedgerKeys> keys) throws IOException {
        long started = System.nanoTime();
        LedgerExportCheck check = new LedgerExportCheck(keys);
        String problem = check.read(new BufferedReader(new InputStreamReader(export, StandardCharsets.UTF_8)));
        LedgerVerification ledger = check.chains().result(started);
        return new Result(problem == null && ledger.verified(), check.service, check.exportedAt, problem, ledger);
    }

    private String read(BufferedReader lines) throws IOException {
        String line = lines.readLine();
        if (line == null) {
            return "The file is empty: it is no ledger export";
        }
        JsonNode header = parse(line);
        if (header == null || !LedgerExport.FORMAT.equals(header.path("format").asText())) {
            return "Line 1 does not name the format " + LedgerExport.FORMAT + ": the file is no ledger export of "
                    + "this version, or its beginning was cut off";
        }
        service = header.path("service").asText(null);
        exportedAt = header.path("exportedAt").asText(null);
        long number = 1;
        while ((line = lines.readLine()) != null) {
            number++;
            String problem = take(number, parse(line));
            if (problem != null) {
                return "Line " + number + ": " + problem;
            }
        }
        return ended ? null : "The file ends after line " + number + " without the export's last line (its "
                + "counts): it was cut short, and events or checkpoints after that line may be missing";
    }

    private String take(long number, JsonNode line) {
        if (line == null) {
            return "not a line of JSON";
        }
        if (ended) {
            return "a line after the export's last line: something was added to the file";
        }
        try {
            if (line.has("checkpoint")) {
                if (chains != null) {
                    return "a checkpoint after the events: an export lists every checkpoint first";
                }
                checkpoints.add(JSON.treeToValue(line.get("checkpoint"), Checkpoint.class));
            } else if (line.has("event")) {
                chains().accept(event(line.get("event")));
                events++;
            } else if (line.has("end")) {
                ended = true;
                long saidCheckpoints = line.at("/end/checkpoints").asLong(-1);
                long saidEvents = line.at("/end/events").asLong(-1);
                if (saidCheckpoints != checkpoints.size() || saidEvents != events) {
                    return "the export's last line counts " + saidCheckpoints + " checkpoints and " + saidEvents
                            + " events, but the file holds " + checkpoints.size() + " and " + events
                            + ": lines were removed or added";
                }
            } else {
                return "neither a checkpoint, an event nor the export's last line";
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return "not a whole " + (line.has("event") ? "event" : "checkpoint") + " (" + e.getMessage() + ")";
        }
        return null;
    }

    private ChainCheck chains() {
        if (chains == null) {
            chains = new ChainCheck(checkpoints, keys);
        }
        return chains;
    }

    private static StoredEvent event(JsonNode event) {
        return new StoredEvent(required(event, "globalIndex").asLong(), required(event, "aggregateId").asText(),
                required(event, "sequenceNumber").asLong(), text(event, "aggregateType"), text(event, "eventId"),
                text(event, "payloadType"), text(event, "payloadRevision"), text(event, "timestamp"),
                bytes(event, "metadata"), bytes(event, "payload"), hash(event));
    }

    private static JsonNode required(JsonNode event, String field) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("it has no " + field);
        }
        return value;
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] bytes(JsonNode event, String field) {
        String base64 = text(event, field);
        return base64 == null ? null : Base64.getDecoder().decode(base64);
    }

    private static byte[] hash(JsonNode event) {
        String hex = text(event, "chainHash");
        return hex == null ? null : HexFormat.of().parseHex(hex);
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
