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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every event of every case with the moment the ledger stored it, so that a case can be shown as it was known
 * at any moment since, and every event of every appeal beside them, named with its case, for the events export. Its
 * key is the event's place in its case's or its appeal's history, so an event published twice is kept once.
 * Authority registrations, which belong to no case, are not kept. A poll's case events are kept in one statement.
 */
@Component
class CaseHistoryProjection implements EventProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json = EventJson.mapper();
    /** The case events of the batch being applied on this thread, kept in one statement when it is finished. */
    private final ThreadLocal<List<ConsumedEvent>> pending = new ThreadLocal<>();

    CaseHistoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        pending.set(new ArrayList<>());
    }

    @Override
    public void finishBatch() {
        try {
            writePending();
        } finally {
            pending.remove();
        }
    }

    @Override
    public void abandonBatch() {
        pending.remove();
    }

    @Override
    public void apply(ConsumedEvent event) {
        if (Topics.APPEALS.equals(event.topic())) {
            keepAppealEvent(event);
            return;
        }
        Optional<PersonalDataErased> erasure = event.payloadAs(PersonalDataErased.class);
        if (erasure.isPresent()) {
            writePending();
            erase(event.aggregateId(), erasure.get());
        }
        List<ConsumedEvent> batch = pending.get();
        if (batch != null) {
            batch.add(event);
        } else {
            keep(List.of(event));
        }
    }

    private void writePending() {
        List<ConsumedEvent> batch = pending.get();
        if (batch != null && !batch.isEmpty()) {
            keep(batch);
            batch.clear();
        }
    }

    /**
     * Keeps case events in one statement. An event whose place in its case's history is taken already, or taken by an
     * earlier one of the same events, was applied before.
     */
    private void keep(List<ConsumedEvent> events) {
        Set<String> kept = new HashSet<>(jdbc.sql("""
                        INSERT INTO case_history (case_id, sequence, event_id, type, revision, recorded_at,
                                                  recorded_by, payload)
                        SELECT e.case_id, e.sequence, e.event_id, e.type, e.revision, e.recorded_at, e.recorded_by,
                               CAST(e.payload AS JSONB)
                          FROM unnest(CAST(:caseIds AS TEXT[]), CAST(:sequences AS BIGINT[]),
                                      CAST(:eventIds AS TEXT[]), CAST(:types AS TEXT[]),
                                      CAST(:revisions AS TEXT[]), CAST(:recordedAt AS TIMESTAMPTZ[]),
                                      CAST(:recordedBy AS TEXT[]), CAST(:payloads AS TEXT[]))
                               AS e(case_id, sequence, event_id, type, revision, recorded_at, recorded_by, payload)
                        ON CONFLICT (case_id, sequence) DO NOTHING
                        RETURNING case_id || '/' || sequence
                        """)
                .param("caseIds", events.stream().map(ConsumedEvent::aggregateId).toArray(String[]::new))
                .param("sequences", events.stream().map(ConsumedEvent::sequence).toArray(Long[]::new))
                .param("eventIds", events.stream().map(ConsumedEvent::eventId).toArray(String[]::new))
                .param("types", events.stream().map(ConsumedEvent::type).toArray(String[]::new))
                .param("revisions", events.stream().map(ConsumedEvent::revision).toArray(String[]::new))
                .param("recordedAt", events.stream().map(event -> event.timestamp().toString()).toArray(String[]::new))
                .param("recordedBy", events.stream().map(event -> event.recordedBy().orElse(null))
                        .toArray(String[]::new))
                .param("payloads", events.stream().map(event -> event.payload().map(this::toJson).orElse(null))
                        .toArray(String[]::new))
                .query(String.class)
                .list());
        Set<String> counted = new HashSet<>();
        for (ConsumedEvent event : events) {
            String place = event.aggregateId() + "/" + event.sequence();
            if (!kept.contains(place) || !counted.add(place)) {
                event.appliedBefore();
            }
        }
    }

    /**
     * An appeal's event, named with its case: the one it carries, or the one its appeal's first event named (the
     * appeal's events arrive in sequence, so that one is kept already). An event of no appeal of a case is passed
     * over.
     */
    private void keepAppealEvent(ConsumedEvent event) {
        Optional<JsonNode> payload = event.payload().map(json::<JsonNode>valueToTree);
        Optional<String> caseId = payload.map(tree -> tree.path("caseId"))
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
                .param("payload", payload.map(this::toJson).orElse(null))
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
