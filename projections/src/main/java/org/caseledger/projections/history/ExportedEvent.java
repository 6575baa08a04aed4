package org.caseledger.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.projections.redaction.Redaction;

import java.time.Instant;
import java.util.List;

/**
 * One line of the events export: a case event as the ledger recorded it, redacted for the reader by the rules the
 * case view and the timeline follow ({@link Redaction}), never by rules of its own. What a view calls the person is
 * here {@code payload.person}; a timeline's {@code recordedBy} and {@code source.reference} are {@code recordedBy}
 * and {@code payload.source.reference}; {@code testimony.text} and {@code testimony.name} are a testimony's
 * {@code payload.summary} and {@code payload.givenBy.name}; {@code relative.name} is a relative's
 * {@code payload.name}. An appeal's summary ({@code payload.summary} of an appeal event), the family's own account of
 * what they asked and were told, is withheld as a testimony's text is, by its case's visibility. Every value withheld
 * is null and named in the line's {@code redacted} list.
 *
 * <p>A value is shown only where the rules allow it and the export's access log entry names the case
 * ({@code logged}): a case whose visibility changed between the entry and the line is withheld rather than shown
 * unlogged.
 */
final class ExportedEvent {

    private static final String DETENTION_REPORTED = EventCatalogue.nameOf(DetentionReported.class);
    private static final String TESTIMONY_RECORDED = EventCatalogue.nameOf(TestimonyRecorded.class);
    private static final String RELATIVE_LINKED = EventCatalogue.nameOf(RelativeLinked.class);

    /** The paths a line can withhold, for the documentation and the test that every personal field is among them. */
    static final List<String> WITHHELD_PATHS = List.of("recordedBy", "payload.source.reference", "payload.person",
            "payload.summary", "payload.givenBy.name", "payload.name", "payload.description", "payload.storedAt",
            "payload.capturedBy", "payload.reason");

    /** Free text marked as personal data that says where a fact came from, withheld with the source's reference. */
    private static final List<String> PROVENANCE_TEXT = List.of("description", "storedAt", "capturedBy", "reason");

    private ExportedEvent() {
    }

    /**
     * A stored event as read from the case history or the appeal history, with its case's visibility now (null:
     * never stated).
     *
     * @param appealId the appeal whose event it is; null for a case's own event
     * @param sequence its place in its case's history, or in its appeal's
     */
    record Stored(String caseId, String appealId, long sequence, String eventId, String type, String revision,
                  Instant recordedAt, String recordedBy, ObjectNode payload, Visibility caseVisibility) {

        /** A case's own event. */
        Stored(String caseId, long sequence, String eventId, String type, String revision, Instant recordedAt,
               String recordedBy, ObjectNode payload, Visibility caseVisibility) {
            this(caseId, null, sequence, eventId, type, revision, recordedAt, recordedBy, payload, caseVisibility);
        }
    }

    static ObjectNode line(Stored event, Role role, boolean logged) {
        Visibility caseVisibility = Redaction.effective(event.caseVisibility());
        ObjectNode payload = event.payload() == null ? null : event.payload().deepCopy();
        ArrayNode redacted = JsonNodeFactory.instance.arrayNode();
        Visibility item = Redaction.ofItem(caseVisibility, ownVisibility(event.type(), payload));
        boolean provenance = logged && Redaction.provenanceVisible(role, item);

        String recordedBy = event.recordedBy();
        if (!provenance && recordedBy != null) {
            recordedBy = null;
            redacted.add("recordedBy");
        }
        if (payload != null) {
            if (!provenance) {
                withhold(payload.path("source"), "reference", "payload.source.reference", redacted);
                for (String field : PROVENANCE_TEXT) {
                    withhold(payload, field, "payload." + field, redacted);
                }
            }
            if (event.type().equals(DETENTION_REPORTED)
                    && !(logged && Redaction.personVisible(role, caseVisibility))) {
                withhold(payload, "person", "payload.person", redacted);
            }
            boolean namesShown = logged && Redaction.namesOfGiversAndRelativesVisible(role);
            if (event.type().equals(TESTIMONY_RECORDED)) {
                if (!(logged && Redaction.testimonyTextVisible(role, item))) {
                    withhold(payload, "summary", "payload.summary", redacted);
                }
                if (!namesShown) {
                    withhold(payload.path("givenBy"), "name", "payload.givenBy.name", redacted);
                }
            }
            if (event.type().equals(RELATIVE_LINKED) && !namesShown) {
                withhold(payload, "name", "payload.name", redacted);
            }
            if (event.appealId() != null && !(logged && Redaction.testimonyTextVisible(role, item))) {
                withhold(payload, "summary", "payload.summary", redacted);
            }
        }

        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("aggregateType", event.appealId() == null ? "Case" : "Appeal");
        line.put("caseId", event.caseId());
        if (event.appealId() != null) {
            line.put("appealId", event.appealId());
        }
        line.put("sequence", event.sequence());
        line.put("eventId", event.eventId());
        line.put("type", event.type());
        line.put("revision", event.revision());
        line.put("recordedAt", event.recordedAt().toString());
        line.put("recordedBy", recordedBy);
        line.put("visibility", item.name());
        line.set("payload", payload);
        line.set("redacted", redacted);
        return line;
    }

    private static Visibility ownVisibility(String type, ObjectNode payload) {
        if (payload == null || !type.equals(TESTIMONY_RECORDED) || !payload.path("visibility").isTextual()) {
            return null;
        }
        return Visibility.valueOf(payload.get("visibility").asText());
    }

    /** Only a value that exists is named as withheld: an absent one would say something was there. */
    private static void withhold(JsonNode parent, String field, String path, ArrayNode redacted) {
        if (parent instanceof ObjectNode object && object.hasNonNull(field)) {
            object.putNull(field);
            redacted.add(path);
        }
    }
}
