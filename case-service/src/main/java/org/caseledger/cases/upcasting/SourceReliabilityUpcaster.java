package org.caseledger.cases.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.ReleaseRecorded;

import java.util.Set;

/**
 * Revision 1 of {@link DetentionReported} and {@link ReleaseRecorded} was stored before sources had a reliability
 * and people had name variants. Reading such history, the source's reliability becomes {@code UNKNOWN} (nobody
 * judged it) rather than missing, and the lists the person gained become empty rather than absent.
 */
public class SourceReliabilityUpcaster extends SingleEventUpcaster {

    private static final Set<String> UPCAST = Set.of(DetentionReported.class.getName(), ReleaseRecorded.class.getName());
    private static final String FROM = "1";
    private static final String TO = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return UPCAST.contains(representation.getType().getName())
                && FROM.equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(representation.getType().getName(), TO),
                JsonNode.class,
                SourceReliabilityUpcaster::upcast);
    }

    private static JsonNode upcast(JsonNode payload) {
        ObjectNode event = ((ObjectNode) payload).deepCopy();
        if (event.get("source") instanceof ObjectNode source && !source.hasNonNull("reliability")) {
            source.put("reliability", "UNKNOWN");
        }
        if (event.get("person") instanceof ObjectNode person) {
            if (!person.hasNonNull("nameVariants")) {
                person.set("nameVariants", JsonNodeFactory.instance.arrayNode());
            }
            if (!person.hasNonNull("citizenships")) {
                person.set("citizenships", JsonNodeFactory.instance.arrayNode());
            }
        }
        return event;
    }
}
