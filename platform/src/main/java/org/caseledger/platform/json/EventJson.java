package org.caseledger.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.caseledger.api.EventCatalogue;

import java.util.Optional;

/**
 * The one JSON form of events: in the event store, on the topics and in consumers. It tolerates fields it does not
 * know, so that a consumer keeps reading when an event gains a field; request bodies are read strictly elsewhere.
 */
public final class EventJson {

    private EventJson() {
    }

    private static final ObjectMapper READER = mapper();

    /**
     * A payload a consumer kept as JSON beside its event's catalogue name, read back as that event; empty when none
     * was kept or the name is not in the catalogue.
     */
    public static Optional<Object> readPayload(String type, String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        return EventCatalogue.typeNamed(type).map(payloadType -> {
            try {
                return READER.readValue(stored, payloadType);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A kept " + type + " is not readable", e);
            }
        });
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
