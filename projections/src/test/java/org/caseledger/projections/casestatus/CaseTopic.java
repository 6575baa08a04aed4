package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.platform.json.EventJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** Writes case events to the cases topic the way the topic contract describes, as any producer could. */
final class CaseTopic implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    CaseTopic(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes an event as the given position in its case's history; returns the event id used. */
    String publish(String caseId, long sequence, Object event) {
        return publish(caseId, sequence, event, UUID.randomUUID().toString());
    }

    String publish(String caseId, long sequence, Object event, String eventId) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_TYPE, event.getClass().getSimpleName());
        add(headers, EventHeaders.EVENT_ID, eventId);
        add(headers, EventHeaders.AGGREGATE_ID, caseId);
        add(headers, EventHeaders.AGGREGATE_TYPE, "Case");
        add(headers, EventHeaders.SEQUENCE, Long.toString(sequence));
        add(headers, EventHeaders.TIMESTAMP, Instant.now().toString());
        try {
            producer.send(new ProducerRecord<>(Topics.CASES, null, caseId,
                    EventJson.mapper().writeValueAsBytes(event), headers)).get();
        } catch (JsonProcessingException | ExecutionException e) {
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
