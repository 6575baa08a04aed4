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
 * An event read from a caseledger topic, with the facts its headers carry. Its payload is read (and its sealed values
 * opened) when something first asks for it, not before: a consumer whose handler of a type needs only what the headers
 * say ({@link EventHandlers.Builder#onEvent}) does not pay for reading what it never looks at. An erasure is the
 * exception, read at once, since reading it tells the consumer's keys that its subject is erased
 * ({@link PersonalDataCodec#readAtOnce}). A payload that does not read as its type is refused when it is asked for, in
 * the projection's batch, as any failure of a record's applying is.
 *
 * <p>Its moment is the one stored, to the nearest microsecond ({@link #timestamp()}).
 *
 * <p>An event is applied on one consumer thread; its payload is read at most once there.
 */
public final class ConsumedEvent {

    private final String type;
    private final String revision;
    private final String eventId;
    private final String aggregateId;
    private final long sequence;
    private final Instant timestamp;
    private final Optional<String> recordedBy;
    private final Optional<String> correlationId;
    private final String topic;
    private final int partition;
    private final long offset;
    private final Runnable onAppliedBefore;
    private final byte[] asPublished;
    /** The payload's type, or null when this consumer does not know the type: such an event has no payload. */
    private final Class<?> payloadType;
    /** What reads the payload from {@link #asPublished}; null for an event made with its payload. */
    private final PersonalDataCodec codec;
    /** The payload, once read; null until then. */
    private Optional<Object> payload;

    /**
     * @param payload the event, or empty when this consumer does not know the type (a newer producer); such records
     *                are passed over, not failed, so that consumers can be upgraded after producers
     * @param correlationId the id shared by what one request caused, when the record carries it
     * @param onAppliedBefore what {@link #appliedBefore()} reports to: the consumer's count of absorbed redeliveries
     * @param asPublished the record's value as it came from the topic, its personal values still sealed; null for an
     *                    event made in process. What is kept of the event beyond its applying (a parked record) is
     *                    this.
     */
    public ConsumedEvent(String type, String revision, String eventId, String aggregateId, long sequence,
                         Instant timestamp, Optional<String> recordedBy, Optional<String> correlationId,
                         Optional<Object> payload, String topic, int partition, long offset,
                         Runnable onAppliedBefore, byte[] asPublished) {
        this(type, revision, eventId, aggregateId, sequence, timestamp, recordedBy, correlationId,
                payload.map(Object::getClass).orElse(null), null, topic, partition, offset, onAppliedBefore,
                asPublished);
        this.payload = payload;
    }

    /** An event made in process, with nothing published to keep. */
    public ConsumedEvent(String type, String revision, String eventId, String aggregateId, long sequence,
                         Instant timestamp, Optional<String> recordedBy, Optional<String> correlationId,
                         Optional<Object> payload, String topic, int partition, long offset,
                         Runnable onAppliedBefore) {
        this(type, revision, eventId, aggregateId, sequence, timestamp, recordedBy, correlationId, payload, topic,
                partition, offset, onAppliedBefore, null);
    }

    private ConsumedEvent(String type, String revision, String eventId, String aggregateId, long sequence,
                          Instant timestamp, Optional<String> recordedBy, Optional<String> correlationId,
                          Class<?> payloadType, PersonalDataCodec codec, String topic, int partition, long offset,
                          Runnable onAppliedBefore, byte[] asPublished) {
        this.type = type;
        this.revision = revision;
        this.eventId = eventId;
        this.aggregateId = aggregateId;
        this.sequence = sequence;
        this.timestamp = toTheMicrosecond(timestamp);
        this.recordedBy = recordedBy;
        this.correlationId = correlationId;
        this.payloadType = payloadType;
        this.codec = codec;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.onAppliedBefore = onAppliedBefore;
        this.asPublished = asPublished;
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
        Optional<Class<?>> payloadType = EventCatalogue.typeNamed(type);
        ConsumedEvent event = new ConsumedEvent(
                type,
                optional(record, EventHeaders.EVENT_REVISION).orElse("1"),
                required(record, EventHeaders.EVENT_ID),
                required(record, EventHeaders.AGGREGATE_ID),
                Long.parseLong(required(record, EventHeaders.SEQUENCE)),
                Timestamps.parse(required(record, EventHeaders.TIMESTAMP)),
                optional(record, EventHeaders.RECORDED_BY),
                optional(record, EventHeaders.CORRELATION_ID),
                payloadType.orElse(null),
                codec,
                record.topic(),
                record.partition(),
                record.offset(),
                onAppliedBefore,
                record.value());
        if (payloadType.isEmpty()) {
            event.payload = Optional.empty();
        } else if (codec.readAtOnce(payloadType.get())) {
            event.payload();
        }
        return event;
    }

    public String type() {
        return type;
    }

    public String revision() {
        return revision;
    }

    public String eventId() {
        return eventId;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public long sequence() {
        return sequence;
    }

    /**
     * The moment the ledger stored the event, to the nearest microsecond: the ledger's clock may read nanoseconds, and
     * PostgreSQL keeps microseconds. A moment a consumer holds is then the one it writes and reads back, whichever
     * statement writes it: two events of one moment stay of one moment in every read model, and one read model never
     * finds a moment it wrote later or earlier than the moment it holds.
     */
    public Instant timestamp() {
        return timestamp;
    }

    private static Instant toTheMicrosecond(Instant moment) {
        return moment == null ? null
                : Instant.ofEpochSecond(moment.getEpochSecond(), (moment.getNano() + 500) / 1_000 * 1_000L);
    }

    public Optional<String> recordedBy() {
        return recordedBy;
    }

    public Optional<String> correlationId() {
        return correlationId;
    }

    /**
     * The event, read now if it was not yet; empty when this consumer does not know the type.
     *
     * @throws UnreadableRecord when the record's value is not a readable event of its type
     */
    public Optional<Object> payload() {
        if (payload == null) {
            payload = Optional.of(readWith(codec));
        }
        return payload;
    }

    /**
     * The event read with every sealed personal value withheld ({@link PersonalDataCodec#WITHHELD}, or null where the
     * value is not text), its plain values as they are: for a handler that needs none of the personal ones
     * ({@link EventHandlers.Builder#onWithheld}), which then costs no key and no decryption. It is read again at each
     * call. For an event made in process (one parked and read back, for instance), it is the payload the event was
     * made with, opened or not.
     *
     * @throws UnreadableRecord when the record's value is not a readable event of its type
     */
    public Optional<Object> payloadWithheld() {
        return codec == null || payloadType == null ? payload() : Optional.of(readWith(codec.withheld()));
    }

    /** Whether this consumer knows the event's type, and so can read its payload; nothing is read to say so. */
    public boolean knownType() {
        return payloadType != null;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public byte[] asPublished() {
        return asPublished;
    }

    /**
     * Says that a projection's sequence guard found this event applied already (a redelivery, or a publication
     * repeated after a crash) and left it without effect; the consumer counts these.
     */
    public void appliedBefore() {
        onAppliedBefore.run();
    }

    public <T> Optional<T> payloadAs(Class<T> type) {
        return payload().filter(type::isInstance).map(type::cast);
    }

    /** The event by its place and ids only: its payload may hold personal values, and is left out. */
    @Override
    public String toString() {
        return "ConsumedEvent[" + type + " " + eventId + " of " + aggregateId + " at " + sequence + ", " + topic + "-"
                + partition + "@" + offset + "]";
    }

    private Object readWith(PersonalDataCodec reader) {
        try {
            return reader.open(asPublished, payloadType);
        } catch (IOException e) {
            throw new UnreadableRecord(topic, partition, offset,
                    "payload is not a readable " + payloadType.getSimpleName() + ": " + e.getMessage());
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
            this(record.topic(), record.partition(), record.offset(), problem);
        }

        UnreadableRecord(String topic, int partition, long offset, String problem) {
            super("Record " + topic + "-" + partition + "@" + offset + ": " + problem);
        }
    }
}
