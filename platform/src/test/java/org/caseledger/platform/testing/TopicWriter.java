package org.caseledger.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.serialization.Revision;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;

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
    private final String recordedBy;
    private RecordMetadata lastWritten;
    private String traceparent;

    public TopicWriter(String bootstrapServers, String topic, String aggregateType) {
        this(bootstrapServers, topic, aggregateType, null);
    }

    /** @param recordedBy the operator named in the {@code recorded-by} header, or null for none */
    public TopicWriter(String bootstrapServers, String topic, String aggregateType, String recordedBy) {
        this(new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer()), topic, aggregateType, recordedBy);
    }

    private TopicWriter(KafkaProducer<String, byte[]> producer, String topic, String aggregateType,
                        String recordedBy) {
        this.producer = producer;
        this.topic = topic;
        this.aggregateType = aggregateType;
        this.recordedBy = recordedBy;
    }

    /** A writer whose records are in transactions, as the publisher's are: {@link #begin()}, then commit or abort. */
    public static TopicWriter transactional(String bootstrapServers, String topic, String aggregateType) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "topic-writer-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return new TopicWriter(producer, topic, aggregateType, null);
    }

    public void begin() {
        producer.beginTransaction();
    }

    public void commit() {
        producer.commitTransaction();
    }

    public void abort() {
        producer.abortTransaction();
    }

    /** Writes the given W3C trace context as every later record's {@code traceparent}, as the publisher does. */
    public TopicWriter tracing(String traceparent) {
        this.traceparent = traceparent;
        return this;
    }

    /** Publishes an event as the given position in its aggregate's history; returns the event id used. */
    public String publish(String aggregateId, long sequence, Object event) {
        return publish(aggregateId, sequence, event, UUID.randomUUID().toString());
    }

    /** Publishes an event under the revision its type declares. */
    public String publish(String aggregateId, long sequence, Object event, String eventId) {
        return publish(aggregateId, sequence, event, eventId, revisionOf(event));
    }

    /** Publishes an event with its personal values sealed by the codec, as case-service publishes them. */
    public String publishSealed(String aggregateId, long sequence, Object event, PersonalDataCodec codec) {
        return publishJson(aggregateId, sequence, EventCatalogue.nameOf(event.getClass()), revisionOf(event),
                codec.sealToBytes(event), UUID.randomUUID().toString());
    }

    /** Publishes an event under a given revision, as a publisher of an older version would have. */
    public String publish(String aggregateId, long sequence, Object event, String eventId, String revision) {
        try {
            return publishJson(aggregateId, sequence, EventCatalogue.nameOf(event.getClass()), revision,
                    EventJson.mapper().writeValueAsBytes(event), eventId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes an event as stored at the given moment, under the revision its type declares: a history recorded over
     * days or years, as the publisher would have sent it then.
     */
    public String publishRecordedAt(String aggregateId, long sequence, Object event, String eventId,
                                    Instant recordedAt) {
        try {
            return send(aggregateId, sequence, EventCatalogue.nameOf(event.getClass()), revisionOf(event),
                    EventJson.mapper().writeValueAsBytes(event), eventId, recordedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes an event exactly as the given JSON, e.g. in a shape no current event type writes any more. */
    public String publishJson(String aggregateId, long sequence, String type, String revision, byte[] payload,
                              String eventId) {
        return send(aggregateId, sequence, type, revision, payload, eventId, Instant.now());
    }

    /** The revision the event's type declares, "1" when it declares none. */
    private static String revisionOf(Object event) {
        Revision revision = event.getClass().getAnnotation(Revision.class);
        return revision == null ? "1" : revision.value();
    }

    private String send(String aggregateId, long sequence, String type, String revision, byte[] payload,
                        String eventId, Instant recordedAt) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_TYPE, type);
        add(headers, EventHeaders.EVENT_REVISION, revision);
        add(headers, EventHeaders.EVENT_ID, eventId);
        add(headers, EventHeaders.AGGREGATE_ID, aggregateId);
        add(headers, EventHeaders.AGGREGATE_TYPE, aggregateType);
        add(headers, EventHeaders.SEQUENCE, Long.toString(sequence));
        add(headers, EventHeaders.TIMESTAMP, recordedAt.toString());
        add(headers, EventHeaders.CORRELATION_ID, UUID.randomUUID().toString());
        if (recordedBy != null) {
            add(headers, EventHeaders.RECORDED_BY, recordedBy);
        }
        if (traceparent != null) {
            add(headers, EventHeaders.TRACEPARENT, traceparent);
        }
        try {
            lastWritten = producer.send(new ProducerRecord<>(topic, null, aggregateId, payload, headers)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    /** Where the broker put the record written last: a consumer has read it once its position is past it. */
    public RecordMetadata lastWritten() {
        return lastWritten;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
