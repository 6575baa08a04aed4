package org.caseledger.platform.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.EventCatalogue;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * Applies each aggregate's events in the order of their {@code sequence} header and nothing that runs ahead: a record
 * more than one past the last one applied for its aggregate is parked (table {@code parked_record}) and logged, and
 * applied once the records between have arrived. A record at or below the last one applied (a redelivery) is passed
 * on for the projection's own guard to ignore. Without this, one record with a forged high sequence would move a
 * read model's version so far that every real event after it was taken for a redelivery: the case would freeze.
 *
 * <p>An aggregate never seen starts at sequence 0, as every aggregate's history does on topics that keep all events.
 * Runs in the consumer's transaction, with the aggregate's row locked.
 */
public final class InSequence implements EventProjection {

    private static final Logger log = LoggerFactory.getLogger(InSequence.class);

    private final String consumer;
    private final EventProjection projection;
    private final JdbcClient jdbc;
    private final PersonalDataCodec codec;
    private final ObjectMapper json = EventJson.mapper();

    /**
     * @param codec opens a parked record's sealed personal values when its turn comes: a record is parked as it was
     *              published, sealed, never opened
     */
    public InSequence(String consumer, EventProjection projection, JdbcClient jdbc, PersonalDataCodec codec) {
        this.consumer = consumer;
        this.projection = projection;
        this.jdbc = jdbc;
        this.codec = codec;
    }

    @Override
    public void apply(ConsumedEvent event) {
        long last = lastApplied(event.aggregateId());
        if (event.sequence() <= last) {
            projection.apply(event);
            return;
        }
        if (event.sequence() > last + 1) {
            park(event, last);
            return;
        }
        projection.apply(event);
        long applied = event.sequence();
        Optional<ConsumedEvent> next;
        while ((next = parked(event.aggregateId(), applied + 1)).isPresent()) {
            projection.apply(next.get());
            applied++;
            jdbc.sql("DELETE FROM parked_record WHERE consumer_name = :consumer AND aggregate_id = :aggregate "
                            + "AND sequence = :sequence")
                    .param("consumer", consumer).param("aggregate", event.aggregateId()).param("sequence", applied)
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
                        VALUES (:consumer, :aggregate, :sequence)
                        ON CONFLICT (consumer_name, aggregate_id) DO UPDATE SET last_sequence = :sequence
                        """)
                .param("consumer", consumer).param("aggregate", event.aggregateId()).param("sequence", applied)
                .update();
    }

    private long lastApplied(String aggregateId) {
        return jdbc.sql("SELECT last_sequence FROM applied_sequence WHERE consumer_name = :consumer "
                        + "AND aggregate_id = :aggregate FOR UPDATE")
                .param("consumer", consumer).param("aggregate", aggregateId)
                .query(Long.class).optional().orElse(-1L);
    }

    /**
     * Keeps the record as it was published, its personal values sealed, and names it in the log by its place on the
     * topic and its ids only. An event made in process (no published form) is kept as its JSON.
     */
    private void park(ConsumedEvent event, long last) {
        int parked = jdbc.sql("""
                        INSERT INTO parked_record (consumer_name, aggregate_id, sequence, type, revision, event_id,
                                                   stored_at, recorded_by, payload, topic, partition_no, record_offset)
                        VALUES (:consumer, :aggregate, :sequence, :type, :revision, :eventId, :storedAt, :recordedBy,
                                :payload, :topic, :partition, :offset)
                        ON CONFLICT DO NOTHING
                        """)
                .param("consumer", consumer)
                .param("aggregate", event.aggregateId())
                .param("sequence", event.sequence())
                .param("type", event.type())
                .param("revision", event.revision())
                .param("eventId", event.eventId())
                .param("storedAt", Timestamp.from(event.timestamp()))
                .param("recordedBy", event.recordedBy().orElse(null))
                .param("payload", event.asPublished() != null
                        ? new String(event.asPublished(), StandardCharsets.UTF_8)
                        : event.payload().map(this::toJson).orElse(null))
                .param("topic", event.topic())
                .param("partition", event.partition())
                .param("offset", event.offset())
                .update();
        if (parked == 1) {
            log.warn("{}: record {}-{}@{} (event {}, {}) of aggregate {} has sequence {}, but the last applied is {}; "
                            + "parked until the records between arrive", consumer, event.topic(), event.partition(),
                    event.offset(), event.eventId(), event.type(), event.aggregateId(), event.sequence(), last);
        }
    }

    private Optional<ConsumedEvent> parked(String aggregateId, long sequence) {
        return jdbc.sql("""
                        SELECT type, revision, event_id, stored_at, recorded_by, payload, topic, partition_no,
                               record_offset
                          FROM parked_record
                         WHERE consumer_name = :consumer AND aggregate_id = :aggregate AND sequence = :sequence
                        """)
                .param("consumer", consumer).param("aggregate", aggregateId).param("sequence", sequence)
                .query((rs, n) -> new ConsumedEvent(rs.getString("type"), rs.getString("revision"),
                        rs.getString("event_id"), aggregateId, sequence, rs.getTimestamp("stored_at").toInstant(),
                        Optional.ofNullable(rs.getString("recorded_by")), Optional.empty(),
                        opened(rs.getString("type"), rs.getString("payload")), rs.getString("topic"),
                        rs.getInt("partition_no"), rs.getLong("record_offset"), () -> {
                        }))
                .optional();
    }

    /** A parked payload with its sealed values opened, as the consumer opens them on the topic. */
    private Optional<Object> opened(String type, String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        return EventCatalogue.typeNamed(type).map(payloadType -> {
            try {
                return codec.open(stored.getBytes(StandardCharsets.UTF_8), payloadType);
            } catch (IOException e) {
                throw new IllegalStateException("A parked " + type + " is not readable", e);
            }
        });
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot park a " + payload.getClass().getSimpleName(), e);
        }
    }
}
