package org.caseledger.platform.ledger;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A service's event store and its signed checkpoints as one file that anyone can verify without the service or its
 * database ({@link LedgerExportCheck}, docs/ledger-proof.md): JSON Lines in UTF-8 — a first line naming the format,
 * the service and the moment of the export; every checkpoint, in the order of their numbers; every event with every
 * column its hash covers, by aggregate and sequence number; and a last line with the counts, so that an export cut
 * short cannot pass for a whole one. Stored bytes (metadata, payload) are given in base64, exactly as stored, since
 * the hashes are over those bytes. Written from one snapshot of the store, streamed.
 */
public final class LedgerExport {

    public static final String FORMAT = "caseledger-ledger-export-v1";
    public static final String MEDIA_TYPE = "application/x-ndjson";

    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private final JsonGenerator out;
    private long checkpoints;
    private long events;

    private LedgerExport(OutputStream out) throws IOException {
        this.out = JSON.createGenerator(out, JsonEncoding.UTF8);
        this.out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // One value a line: the generator puts this between two values at the top level.
        this.out.setRootValueSeparator(new SerializedString("\n"));
    }

    /** How much an export holds. */
    public record Written(long checkpoints, long events) {
    }

    /** Writes the store as it is now to {@code out}, which it leaves open. */
    public static Written write(DataSource dataSource, String service, Instant exportedAt, OutputStream out)
            throws IOException {
        LedgerExport export = new LedgerExport(out);
        export.header(service, exportedAt);
        StoreSnapshot.read(dataSource, new StoreSnapshot.Visitor() {
            @Override
            public void checkpoints(List<Checkpoint> checkpoints) throws IOException {
                for (Checkpoint checkpoint : checkpoints) {
                    export.checkpoint(checkpoint);
                }
            }

            @Override
            public void event(StoredEvent event) throws IOException {
                export.event(event);
            }
        });
        return export.end();
    }

    private void header(String service, Instant exportedAt) throws IOException {
        out.writeStartObject();
        out.writeStringField("format", FORMAT);
        out.writeStringField("service", service);
        out.writeStringField("exportedAt", exportedAt.toString());
        out.writeEndObject();
    }

    private void checkpoint(Checkpoint checkpoint) throws IOException {
        out.writeStartObject();
        out.writeObjectFieldStart("checkpoint");
        out.writeStringField("format", checkpoint.format());
        out.writeStringField("service", checkpoint.service());
        out.writeNumberField("number", checkpoint.number());
        out.writeNumberField("upToGlobalIndex", checkpoint.upToGlobalIndex());
        out.writeNumberField("events", checkpoint.events());
        out.writeNumberField("aggregates", checkpoint.aggregates());
        out.writeStringField("merkleRoot", checkpoint.merkleRoot());
        out.writeStringField("createdAt", checkpoint.createdAt());
        out.writeStringField("keyId", checkpoint.keyId());
        out.writeStringField("signature", checkpoint.signature());
        out.writeEndObject();
        out.writeEndObject();
        checkpoints++;
    }

    private void event(StoredEvent event) throws IOException {
        out.writeStartObject();
        out.writeObjectFieldStart("event");
        out.writeNumberField("globalIndex", event.globalIndex());
        out.writeStringField("aggregateId", event.aggregateId());
        out.writeNumberField("sequenceNumber", event.sequenceNumber());
        out.writeStringField("aggregateType", event.aggregateType());
        out.writeStringField("eventId", event.eventId());
        out.writeStringField("payloadType", event.payloadType());
        out.writeStringField("payloadRevision", event.payloadRevision());
        out.writeStringField("timestamp", event.timestamp());
        binary("metadata", event.metadata());
        binary("payload", event.payload());
        out.writeStringField("chainHash", event.chainHash() == null ? null : HEX.formatHex(event.chainHash()));
        out.writeEndObject();
        out.writeEndObject();
        events++;
    }

    private void binary(String field, byte[] value) throws IOException {
        if (value == null) {
            out.writeNullField(field);
        } else {
            out.writeFieldName(field);
            out.writeBinary(value);
        }
    }

    private Written end() throws IOException {
        out.writeStartObject();
        out.writeObjectFieldStart("end");
        out.writeNumberField("checkpoints", checkpoints);
        out.writeNumberField("events", events);
        out.writeEndObject();
        out.writeEndObject();
        out.writeRaw('\n');
        out.flush();
        return new Written(checkpoints, events);
    }
}
