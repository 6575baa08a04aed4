package org.caseledger.platform.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.platform.personaldata.PersonalDataCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * An event read from a caseledger topic, with the facts its headers carry.
 *
 * @param payload the event, or empty when this consumer does not know the type (a newer producer); such records
 *                are passed over, not failed, so that consumers can be upgraded after producers
 * @param correlationId the id shared by what one request caused, when the record carries it
 * @param onAppliedBefore what {@link #appliedBefore()} reports to: the consumer's count of absorbed redeliveries
 * @param asPublished the record's value as it came from the topic, its personal values still sealed; null for an
 *                    event made in process. What is kept of the event beyond its applying (a parked record) is this.
 */
public record ConsumedEvent(String type,
                            String revision,
                            String eventId,
                            String aggregateId,
                            long sequence,
                            Instant timestamp,
                            Optional<String> recordedBy,
                            Optional<String> correlationId,
                            Optional<Object> payload,
                            String topic,
                            int partition,
                            long offset,
                            Runnable onAppliedBefore,
                            byte[] asPublished) {

    /** An event made in process, with nothing published to keep. */
    public ConsumedEvent(String type, String revision, String eventId, String aggregateId, long sequence,
                         Instant timestamp, Optional<String> recordedBy, Optional<String> correlationId,
                         Optional<Object> payload, String topic, int partition, long offset,
                         Runnable onAppliedBefore) {
        this(type, revision, eventId, aggregateId, sequence, timestamp, recordedBy, correlationId, payload, topic,
                partition, offset, onAppliedBefore, null);
    }

    /** The event with its sealed personal values withheld: what a consumer that holds no data keys reads. */
    public static ConsumedEvent from(ConsumerRecord<String, byte[]> record, ObjectMapper json) {
        return from(record, PersonalDataCodec.withoutKeys(json));
    }

    /** The event with its sealed personal values opened by the codec's keys, where it has them. */
    public static ConsumedEvent from(ConsumerRecord<String, byte[]> record, PersonalDataCodec codec) {
        return from(record, codec, () -> {
        });
    }

    static ConsumedEvent from(ConsumerRecord<String, byte[]> record, PersonalDataCodec codec, Runnable onAppliedBefore) {
        String type = required(record, EventHeaders.EVENT_TYPE);
        Optional<Object> payload = EventCatalogue.typeNamed(type).map(payloadType -> read(record, codec, payloadType));
        return new ConsumedEvent(
                type,
                optional(record, EventHeaders.EVENT_REVISION).orElse("1"),
                required(record, EventHeaders.EVENT_ID),
                required(record, EventHeaders.AGGREGATE_ID),
                Long.parseLong(required(record, EventHeaders.SEQUENCE)),
                Timestamps.parse(required(record, EventHeaders.TIMESTAMP)),
                optional(record, EventHeaders.RECORDED_BY),
                optional(record, EventHeaders.CORRELATION_ID),
                payload,
                record.topic(),
                record.partition(),
                record.offset(),
                onAppliedBefore,
                record.value());
    }

    /**
     * Says that a projection's sequence guard found this event applied already (a redelivery, or a publication
     * repeated after a crash) and left it without effect; the consumer counts these.
     */
    public void appliedBefore() {
        onAppliedBefore.run();
    }

    public <T> Optional<T> payloadAs(Class<T> type) {
        return payload.filter(type::isInstance).map(type::cast);
    }

    private static Object read(ConsumerRecord<String, byte[]> record, PersonalDataCodec codec, Class<?> type) {
        try {
            return codec.open(record.value(), type);
        } catch (IOException e) {
            throw new UnreadableRecord(record, "payload is not a readable " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        return optional(record, name)
                .orElseThrow(() -> new UnreadableRecord(record, "header '" + name + "' is missing"));
    }

    private static Optional<String> optional(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** A record that does not follow the caseledger topic contract. */
    public static class UnreadableRecord extends RuntimeException {
        UnreadableRecord(ConsumerRecord<?, ?> record, String problem) {
            super("Record " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + problem);
        }
    }
}
