package org.caseledger.projections.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/**
 * Keeps every event of every case with the moment the ledger stored it, so that a case can be shown as it was known
 * at any moment since. Its key is the event's place in its case's history, so an event published twice is kept once.
 */
@Component
class CaseHistoryProjection implements EventProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json = EventJson.mapper();

    CaseHistoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        event.payloadAs(PersonalDataErased.class).ifPresent(erasure -> erase(event.aggregateId(), erasure));
        int kept = jdbc.sql("""
                        INSERT INTO case_history (case_id, sequence, event_id, type, revision, recorded_at,
                                                  recorded_by, payload)
                        VALUES (:caseId, :sequence, :eventId, :type, :revision, :recordedAt, :recordedBy,
                                CAST(:payload AS JSONB))
                        ON CONFLICT (case_id, sequence) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("sequence", event.sequence())
                .param("eventId", event.eventId())
                .param("type", event.type())
                .param("revision", event.revision())
                .param("recordedAt", Timestamp.from(event.timestamp()))
                .param("recordedBy", event.recordedBy().orElse(null))
                .param("payload", event.payload().map(this::toJson).orElse(null))
                .update();
        if (kept == 0) {
            event.appliedBefore();
        }
    }

    /**
     * The subject's values in every kept event of the case become the erased placeholder, as the events read once
     * the key is gone; applied again (a redelivery) it finds nothing left to change.
     */
    private void erase(String caseId, PersonalDataErased erasure) {
        List<Map<String, Object>> kept = jdbc.sql("SELECT sequence, type, CAST(payload AS TEXT) AS payload "
                        + "FROM case_history WHERE case_id = :caseId AND payload IS NOT NULL FOR UPDATE")
                .param("caseId", caseId).query().listOfRows();
        for (Map<String, Object> row : kept) {
            EventCatalogue.typeNamed((String) row.get("type")).ifPresent(type -> {
                try {
                    JsonNode before = json.readTree((String) row.get("payload"));
                    JsonNode after = PersonalDataCodec.erase(before, type, erasure.subjectId());
                    if (!after.equals(before)) {
                        jdbc.sql("UPDATE case_history SET payload = CAST(:payload AS JSONB) "
                                        + "WHERE case_id = :caseId AND sequence = :sequence")
                                .param("payload", json.writeValueAsString(after))
                                .param("caseId", caseId)
                                .param("sequence", row.get("sequence"))
                                .update();
                    }
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("A kept event of case " + caseId + " is not readable", e);
                }
            });
        }
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot keep a " + payload.getClass().getSimpleName(), e);
        }
    }
}
