package org.caseledger.projections.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

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

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot keep a " + payload.getClass().getSimpleName(), e);
        }
    }
}
