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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies each aggregate's events in the order of their {@code sequence} header and nothing that runs ahead: a record
 * more than one past the last one applied for its aggregate is parked (table {@code parked_record}) and logged, and
 * applied once the records between have arrived. A record at or below the last one applied (a redelivery) is passed
 * on for the projection's own guard to ignore. Without this, one record with a forged high sequence would move a
 * read model's version so far that every real event after it was taken for a redelivery: the case would freeze.
 *
 * <p>An aggregate never seen starts at sequence 0, as every aggregate's history does on topics that keep all events.
 * Runs in the consumer's transaction, with the aggregate's row locked.
 *
 * <p>In a batch ({@link #beginBatch}) the last sequences of the batch's aggregates are read and locked in one
 * statement, the parked records looked for only for aggregates that have any, and the sequences applied written in
 * one statement when the batch is finished, instead of three statements for every record. The projection it guards
 * is told of the batch too, so that it may write its own rows a batch at a time.
 *
 * <p>A batch looks for parked records only while the consumer may have some: whether it has any is asked each time
 * its group gives it partitions (another instance may have parked records of them before), and it may have some from
 * the moment it parks one until it is next asked. Until its group first gives it partitions, every batch looks.
 *
 * <p>A projection that {@link KeepsSequences keeps the sequences in its own rows} is asked for them instead, after it
 * has begun its batch, and nothing is written to {@code applied_sequence} for it: its rows move with the events.
 */
public final class InSequence implements EventProjection {

    private static final Logger log = LoggerFactory.getLogger(InSequence.class);

    private final String consumer;
    private final EventProjection projection;
    /** The projection, where it keeps each aggregate's last sequence in its own rows; null where this does. */
    private final KeepsSequences keeper;
    private final JdbcClient jdbc;
    private final PersonalDataCodec codec;
    private final ObjectMapper json = EventJson.mapper();
    /** The batch being applied on the consumer's thread, or null outside a batch. */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();
    /** False once asked and no record of this consumer was parked; true again when it parks one. */
    private volatile boolean mayHaveParked = true;

    /**
     * The last sequence of each of a batch's aggregates as the batch has moved it (-1 for one never applied), which
     * of them have parked records, and which moved.
     */
    private record Batch(Map<String, Long> last, Set<String> withParked, Set<String> moved) {
    }

    /**
     * @param codec opens a parked record's sealed personal values when its turn comes: a record is parked as it was
     *              published, sealed, never opened
     */
    public InSequence(String consumer, EventProjection projection, JdbcClient jdbc, PersonalDataCodec codec) {
        this.consumer = consumer;
        this.projection = projection;
        this.keeper = projection instanceof KeepsSequences keeps ? keeps : null;
        this.jdbc = jdbc;
        this.codec = codec;
    }

    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        String[] ids = aggregateIds.stream().sorted().toArray(String[]::new);
        Map<String, Long> last = new HashMap<>();
        for (String id : ids) {
            last.put(id, -1L);
        }
        if (keeper != null) {
            projection.beginBatch(aggregateIds);
            last.putAll(keeper.lastSequences(aggregateIds));
        } else {
            jdbc.sql("""
                            SELECT aggregate_id, last_sequence FROM applied_sequence
                             WHERE consumer_name = :consumer AND aggregate_id = ANY(:aggregates)
                             ORDER BY aggregate_id FOR UPDATE
                            """)
                    .param("consumer", consumer).param("aggregates", ids)
                    .query(rs -> {
                        last.put(rs.getString("aggregate_id"), rs.getLong("last_sequence"));
                    });
        }
        Set<String> withParked = !mayHaveParked ? new HashSet<>() : new HashSet<>(jdbc.sql("""
                        SELECT DISTINCT aggregate_id FROM parked_record
                         WHERE consumer_name = :consumer AND aggregate_id = ANY(:aggregates)
                        """)
                .param("consumer", consumer).param("aggregates", ids)
                .query(String.class).list());
        batch.set(new Batch(last, withParked, new LinkedHashSet<>()));
        if (keeper == null) {
            projection.beginBatch(aggregateIds);
        }
    }

    @Override
    public void finishBatch() {
        projection.finishBatch();
        Batch current = batch.get();
        batch.remove();
        if (current == null || current.moved().isEmpty() || keeper != null) {
            return;
        }
        String[] aggregates = current.moved().toArray(String[]::new);
        Long[] sequences = current.moved().stream().map(current.last()::get).toArray(Long[]::new);
        jdbc.sql("""
                        INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
                        SELECT :consumer, moved.aggregate_id, moved.last_sequence
                          FROM unnest(CAST(:aggregates AS TEXT[]), CAST(:sequences AS BIGINT[]))
                               AS moved(aggregate_id, last_sequence)
                        ON CONFLICT (consumer_name, aggregate_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence
                        """)
                .param("consumer", consumer).param("aggregates", aggregates).param("sequences", sequences)
                .update();
    }

    @Override
    public void abandonBatch() {
        batch.remove();
        projection.abandonBatch();
    }

    @Override
    public void partitionsAssigned() {
        // Looked for until the answer comes: a question that fails leaves every batch looking.
        mayHaveParked = true;
        mayHaveParked = jdbc.sql("SELECT EXISTS (SELECT 1 FROM parked_record WHERE consumer_name = :consumer)")
                .param("consumer", consumer).query(Boolean.class).single();
        projection.partitionsAssigned();
    }

    @Override
    public boolean opensSealedValues(String type) {
        return projection.opensSealedValues(type);
    }

    @Override
    public void apply(ConsumedEvent event) {
        Batch current = batch.get();
        if (current != null && !current.last().containsKey(event.aggregateId())) {
            throw new IllegalStateException("Aggregate " + event.aggregateId() + " is not among those its batch began "
                    + "with");
        }
        long last = current != null ? current.last().get(event.aggregateId()) : lastApplied(event.aggregateId());
        if (event.sequence() <= last) {
            projection.apply(event);
            return;
        }
        if (event.sequence() > last + 1) {
            park(event, last);
            if (current != null) {
                current.withParked().add(event.aggregateId());
            }
            return;
        }
        projection.apply(event);
        long applied = event.sequence();
        if (current == null || current.withParked().contains(event.aggregateId())) {
            Optional<ConsumedEvent> next;
            while ((next = parked(event.aggregateId(), applied + 1)).isPresent()) {
                projection.apply(next.get());
                applied++;
                jdbc.sql("DELETE FROM parked_record WHERE consumer_name = :consumer AND aggregate_id = :aggregate "
                                + "AND sequence = :sequence")
                        .param("consumer", consumer).param("aggregate", event.aggregateId())
                        .param("sequence", applied)
                        .update();
            }
        }
        if (current != null) {
            current.last().put(event.aggregateId(), applied);
            current.moved().add(event.aggregateId());
            return;
        }
        if (keeper != null) {
            return;
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
        if (keeper != null) {
            return keeper.lastSequences(List.of(aggregateId)).getOrDefault(aggregateId, -1L);
        }
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
        mayHaveParked = true;
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

    /**
     * A parked payload read as the projection reads its type on the topic: its sealed values opened, or withheld where
     * the projection opens none of that type's ({@link EventProjection#opensSealedValues}), so that no key is asked for
     * a record because it was parked.
     */
    private Optional<Object> opened(String type, String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        PersonalDataCodec reading = projection.opensSealedValues(type) ? codec : codec.withheld();
        return EventCatalogue.typeNamed(type).map(payloadType -> {
            try {
                return reading.open(stored.getBytes(StandardCharsets.UTF_8), payloadType);
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
