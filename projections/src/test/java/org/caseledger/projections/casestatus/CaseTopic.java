package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.serialization.Revision;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.platform.json.EventJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Writes case events to the cases topic the way the topic contract describes, as any producer could: with the
 * revision of the event's type and who recorded it, or, for a topic written before the case derived its status, as
 * the publisher wrote them then (every event revision 1, nobody named as recorder).
 */
final class CaseTopic implements AutoCloseable {

    static final String RECORDER = "volunteer-17";
    private static final String FIRST_REVISION = "1";

    private final KafkaProducer<String, byte[]> producer;
    private final boolean beforeDerivedStatus;

    private CaseTopic(String bootstrapServers, boolean beforeDerivedStatus) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
        this.beforeDerivedStatus = beforeDerivedStatus;
    }

    CaseTopic(String bootstrapServers) {
        this(bootstrapServers, false);
    }

    /** A writer of records as they were published before {@code CaseStatusDerived} existed. */
    static CaseTopic writtenBeforeDerivedStatus(String bootstrapServers) {
        return new CaseTopic(bootstrapServers, true);
    }

    /** Publishes an event as the given position in its case's history; returns the event id used. */
    String publish(String caseId, long sequence, Object event) {
        return publish(caseId, sequence, event, UUID.randomUUID().toString());
    }

    String publish(String caseId, long sequence, Object event, String eventId) {
        String revision = beforeDerivedStatus ? FIRST_REVISION : event.getClass().getAnnotation(Revision.class).value();
        try {
            return publishJson(caseId, sequence, event.getClass().getSimpleName(), revision,
                    EventJson.mapper().writeValueAsBytes(event), eventId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes an event exactly as the given JSON, e.g. in a shape no current event type writes any more. */
    String publishJson(String caseId, long sequence, String type, String revision, byte[] payload, String eventId) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_TYPE, type);
        add(headers, EventHeaders.EVENT_REVISION, revision);
        add(headers, EventHeaders.EVENT_ID, eventId);
        add(headers, EventHeaders.AGGREGATE_ID, caseId);
        add(headers, EventHeaders.AGGREGATE_TYPE, "Case");
        add(headers, EventHeaders.SEQUENCE, Long.toString(sequence));
        add(headers, EventHeaders.TIMESTAMP, Instant.now().toString());
        add(headers, EventHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        if (!beforeDerivedStatus) {
            add(headers, EventHeaders.RECORDED_BY, RECORDER);
        }
        try {
            producer.send(new ProducerRecord<>(Topics.CASES, null, caseId, payload, headers)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
