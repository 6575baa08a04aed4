package org.caseledger.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.platform.json.EventJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Writes events to a caseledger topic the way the topic contract describes, as any producer could: what consumer
 * tests use instead of running the service that would publish them.
 */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String aggregateType;

    public TopicWriter(String bootstrapServers, String topic, String aggregateType) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.aggregateType = aggregateType;
    }

    /** Publishes an event as the given position in its aggregate's history; returns the event id used. */
    public String publish(String aggregateId, long sequence, Object event) {
        return publish(aggregateId, sequence, event, UUID.randomUUID().toString());
    }

    public String publish(String aggregateId, long sequence, Object event, String eventId) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_TYPE, EventCatalogue.nameOf(event.getClass()));
        add(headers, EventHeaders.EVENT_ID, eventId);
        add(headers, EventHeaders.AGGREGATE_ID, aggregateId);
        add(headers, EventHeaders.AGGREGATE_TYPE, aggregateType);
        add(headers, EventHeaders.SEQUENCE, Long.toString(sequence));
        add(headers, EventHeaders.TIMESTAMP, Instant.now().toString());
        try {
            producer.send(new ProducerRecord<>(topic, null, aggregateId,
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
