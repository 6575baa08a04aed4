package org.caseledger.projections.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.Topics;
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
import java.util.Optional;

/**
 * Keeps every event of every case with the moment the ledger stored it, so that a case can be shown as it was known
 * at any moment since, and every event of every appeal beside them, named with its case, for the events export. Its
 * key is the event's place in its case's or its appeal's history, so an event published twice is kept once.
 * Authority registrations, which belong to no case, are not kept.
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
        if (Topics.APPEALS.equals(event.topic())) {
            keepAppealEvent(event);
            return;
        }
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
     * An appeal's event, named with its case: the one it carries, or the one its appeal's first event named (the
     * appeal's events arrive in sequence, so that one is kept already). An event of no appeal of a case is passed
     * over.
     */
    private void keepAppealEvent(ConsumedEvent event) {
        Optional<String> caseId = event.payload().map(json::<JsonNode>valueToTree)
                .map(payload -> payload.path("caseId"))
                .map(id -> id.isObject() ? id.path("value") : id)
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .or(() -> jdbc.sql("SELECT case_id FROM appeal_history WHERE appeal_id = :appealId AND sequence = 0")
                        .param("appealId", event.aggregateId())
                        .query(String.class)
                        .optional());
        if (caseId.isEmpty()) {
            return;
        }
        int kept = jdbc.sql("""
                        INSERT INTO appeal_history (appeal_id, sequence, case_id, event_id, type, revision,
                                                    recorded_at, recorded_by, payload)
                        VALUES (:appealId, :sequence, :caseId, :eventId, :type, :revision, :recordedAt,
                                :recordedBy, CAST(:payload AS JSONB))
                        ON CONFLICT (appeal_id, sequence) DO NOTHING
                        """)
                .param("appealId", event.aggregateId())
                .param("sequence", event.sequence())
                .param("caseId", caseId.get())
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
     * The subject's values in every kept event of the case and of its appeals become the erased placeholder, as the
     * events read once the key is gone; applied again (a redelivery) it finds nothing left to change. An appeal
     * event that does not name its case (a revision-1 answer, whose summary was published in clear) is erased as
     * one of the case it is kept under.
     */
    private void erase(String caseId, PersonalDataErased erasure) {
        erase("case_history", "case_id", caseId, erasure);
        erase("appeal_history", "appeal_id", caseId, erasure);
    }

    private void erase(String table, String key, String caseId, PersonalDataErased erasure) {
        List<Map<String, Object>> kept = jdbc.sql("SELECT " + key + " AS id, sequence, type, "
                        + "CAST(payload AS TEXT) AS payload FROM " + table
                        + " WHERE case_id = :caseId AND payload IS NOT NULL FOR UPDATE")
                .param("caseId", caseId).query().listOfRows();
        for (Map<String, Object> row : kept) {
            EventCatalogue.typeNamed((String) row.get("type")).ifPresent(type -> {
                try {
                    ObjectNode before = (ObjectNode) json.readTree((String) row.get("payload"));
                    ObjectNode named = before.deepCopy();
                    if (!named.hasNonNull("caseId")) {
                        named.put("caseId", caseId);
                    }
                    ObjectNode after = (ObjectNode) PersonalDataCodec.erase(named, type, erasure.subjectId());
                    if (!before.has("caseId")) {
                        after.remove("caseId");
                    } else if (before.get("caseId").isNull()) {
                        after.putNull("caseId");
                    }
                    if (!after.equals(before)) {
                        jdbc.sql("UPDATE " + table + " SET payload = CAST(:payload AS JSONB) "
                                        + "WHERE " + key + " = :id AND sequence = :sequence")
                                .param("payload", json.writeValueAsString(after))
                                .param("id", row.get("id"))
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
