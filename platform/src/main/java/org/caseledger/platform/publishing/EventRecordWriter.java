package org.caseledger.platform.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.platform.personaldata.PersonalDataCodec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Collectors;

/** Turns a stored event into the Kafka record every consumer reads: JSON payload, plain-text headers, key = aggregate id. */
class EventRecordWriter {

    private static final String CORRELATION_METADATA_KEY = "correlationId";
    private static final String RECORDED_BY_METADATA_KEY = "recordedBy";
    private static final String TRACEPARENT_METADATA_KEY = "traceparent";

    private final ObjectMapper json;
    private final PersonalDataCodec codec;
    private final Serializer stored;
    private final RevisionResolver revisions = new AnnotationRevisionResolver();

    EventRecordWriter(ObjectMapper json) {
        this(json, null, null);
    }

    /**
     * With a codec, what travels is the event's JSON as the store holds it (through {@code stored}, the event store's
     * serializer, and its upcasters), where every personal value in it is sealed: the same envelopes, neither opened
     * nor sealed again, so publishing asks for no key. An event with a value in clear there (stored before values
     * were sealed, or with sealing off) is opened and sealed again, as the codec seals it.
     */
    EventRecordWriter(ObjectMapper json, PersonalDataCodec codec, Serializer stored) {
        this.json = json;
        this.codec = codec;
        this.stored = codec == null ? stored : Objects.requireNonNull(stored, "the event store's serializer");
    }

    /** The record of an event at a place in a store: with the store and that place in its headers. */
    ProducerRecord<String, byte[]> toRecord(String topic, DomainEventMessage<?> event, String store,
                                            GapAwareTrackingToken place) {
        ProducerRecord<String, byte[]> record = toRecord(topic, event);
        header(record.headers(), EventHeaders.STORE_ID, store);
        header(record.headers(), EventHeaders.STORE_POSITION, Long.toString(place.getIndex()));
        if (!place.getGaps().isEmpty()) {
            header(record.headers(), EventHeaders.STORE_POSITION_GAPS,
                    place.getGaps().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return record;
    }

    ProducerRecord<String, byte[]> toRecord(String topic, DomainEventMessage<?> event) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, EventHeaders.EVENT_TYPE, EventCatalogue.nameOf(event.getPayloadType()));
        header(headers, EventHeaders.EVENT_REVISION, revisions.revisionOf(event.getPayloadType()));
        header(headers, EventHeaders.EVENT_ID, event.getIdentifier());
        header(headers, EventHeaders.AGGREGATE_ID, event.getAggregateIdentifier());
        header(headers, EventHeaders.AGGREGATE_TYPE, event.getType());
        header(headers, EventHeaders.SEQUENCE, Long.toString(event.getSequenceNumber()));
        header(headers, EventHeaders.TIMESTAMP, event.getTimestamp().toString());
        Object correlationId = event.getMetaData().get(CORRELATION_METADATA_KEY);
        header(headers, EventHeaders.CORRELATION_ID, correlationId == null ? null : correlationId.toString());
        Object recordedBy = event.getMetaData().get(RECORDED_BY_METADATA_KEY);
        header(headers, EventHeaders.RECORDED_BY, recordedBy == null ? null : recordedBy.toString());
        // As stored, not the publisher's own context: a record is the same whenever it is published, and its
        // consumers join the trace of the request that caused the event.
        Object traceparent = event.getMetaData().get(TRACEPARENT_METADATA_KEY);
        header(headers, EventHeaders.TRACEPARENT, traceparent == null ? null : traceparent.toString());
        return new ProducerRecord<>(topic, null, event.getAggregateIdentifier(), payload(event), headers);
    }

    private byte[] payload(DomainEventMessage<?> event) {
        if (codec == null) {
            try {
                return json.writeValueAsBytes(event.getPayload());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Event " + event.getIdentifier() + " cannot be written as JSON", e);
            }
        }
        // An event read from the store gives its stored bytes; one still in memory is serialized, so sealed.
        byte[] asStored = event.serializePayload(stored, byte[].class).getData();
        return codec.sealedThroughout(asStored, event.getPayloadType()) ? asStored
                : codec.sealToBytes(event.getPayload());
    }

    private static void header(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
