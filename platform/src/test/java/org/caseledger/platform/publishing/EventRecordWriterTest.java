package org.caseledger.platform.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.DataKey;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.personaldata.PersonalDataSerializer;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EventRecordWriterTest {

    static final CaseId CASE_ID = new CaseId("c-41");
    static final Instant STORED_AT = Instant.parse("2025-03-04T10:15:30Z");

    final EventRecordWriter writer = new EventRecordWriter(EventJson.mapper());

    @Test
    void writesTheStoredEventWithEveryHeaderOfTheTopicContract() throws Exception {
        ReleaseRecorded release = new ReleaseRecorded(CASE_ID, ApproximateDate.parse("2018-12"),
                ReleaseConditions.SURVEILLANCE, new Source(SourceType.RELATIVE_TESTIMONY));
        GenericDomainEventMessage<ReleaseRecorded> stored = new GenericDomainEventMessage<>("Case", CASE_ID.value(),
                7, release, MetaData.from(Map.of("correlationId", "request-9", "recordedBy", "volunteer-42",
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                "event-77", STORED_AT);

        ProducerRecord<String, byte[]> record = writer.toRecord("caseledger.cases.v1", stored);

        assertThat(record.topic()).isEqualTo("caseledger.cases.v1");
        assertThat(record.key()).isEqualTo(CASE_ID.value());
        assertThat(record.partition()).isNull();
        assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("ReleaseRecorded");
        assertThat(header(record, EventHeaders.EVENT_REVISION)).isEqualTo("2");
        assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo("event-77");
        assertThat(header(record, EventHeaders.AGGREGATE_ID)).isEqualTo(CASE_ID.value());
        assertThat(header(record, EventHeaders.AGGREGATE_TYPE)).isEqualTo("Case");
        assertThat(header(record, EventHeaders.SEQUENCE)).isEqualTo("7");
        assertThat(header(record, EventHeaders.TIMESTAMP)).isEqualTo("2025-03-04T10:15:30Z");
        assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo("request-9");
        assertThat(header(record, EventHeaders.RECORDED_BY)).isEqualTo("volunteer-42");
        assertThat(header(record, EventHeaders.TRACEPARENT))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        JsonNode payload = EventJson.mapper().readTree(record.value());
        assertThat(payload.get("date").asText()).isEqualTo("2018-12");
        assertThat(payload.get("conditions").asText()).isEqualTo("SURVEILLANCE");
    }

    @Test
    void leavesOutTheHeadersOfWhatTheEventDoesNotCarry() {
        GenericDomainEventMessage<ContactLost> stored = new GenericDomainEventMessage<>("Case", CASE_ID.value(), 0,
                new ContactLost(CASE_ID, ApproximateDate.parse("2019"), new Source(SourceType.OTHER)),
                MetaData.emptyInstance(), "event-78", STORED_AT);

        ProducerRecord<String, byte[]> record = writer.toRecord("caseledger.cases.v1", stored);

        assertThat(record.headers().lastHeader(EventHeaders.CORRELATION_ID)).isNull();
        assertThat(record.headers().lastHeader(EventHeaders.RECORDED_BY)).isNull();
        assertThat(record.headers().lastHeader(EventHeaders.TRACEPARENT)).isNull();
        assertThat(header(record, EventHeaders.EVENT_REVISION)).isEqualTo("1");
        assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("ContactLost");
    }

    @Test
    void anEventReadFromTheStoreTravelsAsTheStoreHoldsItNeitherOpenedNorSealedAgain() throws Exception {
        CountedKeys keys = new CountedKeys();
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        Serializer store = new PersonalDataSerializer(plain(), codec);
        SerializedObject<byte[]> stored = store.serialize(OPENED, byte[].class);
        keys.openings.set(0);

        ProducerRecord<String, byte[]> record = new EventRecordWriter(EventJson.mapper(), codec, store)
                .toRecord("caseledger.cases.v1", readBack(stored, store));

        assertThat(text(record)).isEqualTo(new String(stored.getData(), StandardCharsets.UTF_8));
        assertThat(keys.openings).as("keys asked for to open the event").hasValue(0);
        assertThat(text(record)).doesNotContain("Qäyrat").contains(PersonalDataCodec.SCHEME);
        assertThat(codec.open(record.value(), DetentionReported.class)).isEqualTo(OPENED);
    }

    @Test
    void anEventStoredWithItsPersonalValuesInClearIsSealedOnItsWayToTheTopic() throws Exception {
        InMemoryDataKeys keys = new InMemoryDataKeys();
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        PersonalDataCodec inClear = new PersonalDataCodec(EventJson.mapper(), keys);
        inClear.sealing(false);
        Serializer store = new PersonalDataSerializer(plain(), inClear);
        SerializedObject<byte[]> stored = store.serialize(OPENED, byte[].class);
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).contains("Qäyrat");

        ProducerRecord<String, byte[]> record = new EventRecordWriter(EventJson.mapper(), codec, store)
                .toRecord("caseledger.cases.v1", readBack(stored, store));

        assertThat(text(record)).doesNotContain("Qäyrat", "teacher").contains(PersonalDataCodec.SCHEME);
        assertThat(codec.open(record.value(), DetentionReported.class)).isEqualTo(OPENED);
    }

    static final DetentionReported OPENED = new DetentionReported(CASE_ID, 7,
            new Person("Qäyrat Samarqan", List.of(), Gender.MALE, new Birth(1983, null, null, null), "Kazakh",
                    List.of("KZ"), new Hometown("Qapqal", "Ili"), "teacher"),
            new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP),
            new Source(SourceType.RELATIVE_TESTIMONY));

    private static Serializer plain() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    }

    /** The event as a tracking processor hands it over from the store: its payload not yet deserialized. */
    private static GenericTrackedDomainEventMessage<DetentionReported> readBack(SerializedObject<byte[]> payload,
                                                                                Serializer store) {
        SerializedMessage<DetentionReported> message = new SerializedMessage<>("event-79", payload,
                store.serialize(MetaData.emptyInstance(), byte[].class), store);
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(3), "Case", CASE_ID.value(), 0,
                message, () -> STORED_AT);
    }

    private static String text(ProducerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    /** Keys in memory that count how often a key is asked for to open a value. */
    static final class CountedKeys implements DataKeys {
        final InMemoryDataKeys keys = new InMemoryDataKeys();
        final AtomicInteger openings = new AtomicInteger();

        @Override
        public DataKey opening(String subject) {
            openings.incrementAndGet();
            return keys.opening(subject);
        }

        @Override
        public DataKey sealing(String subject) {
            return keys.sealing(subject);
        }
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
