package org.caseledger.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumedEventTest {

    static final CaseId CASE_ID = new CaseId("c-12");
    static final ContactLost CONTACT_LOST = new ContactLost(CASE_ID, ApproximateDate.parse("2019-04"),
            new Source(SourceType.RELATIVE_TESTIMONY));

    @Test
    void readsTheEventAndWhatItsHeadersSay() throws Exception {
        ConsumerRecord<String, byte[]> record = record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST), Map.of(
                EventHeaders.EVENT_TYPE, "ContactLost",
                EventHeaders.EVENT_REVISION, "3",
                EventHeaders.EVENT_ID, "e-1",
                EventHeaders.AGGREGATE_ID, CASE_ID.value(),
                EventHeaders.SEQUENCE, "4",
                EventHeaders.TIMESTAMP, "2025-01-02T03:04:05Z",
                EventHeaders.RECORDED_BY, "volunteer-3"));

        ConsumedEvent event = ConsumedEvent.from(record, EventJson.mapper());

        assertThat(event.type()).isEqualTo("ContactLost");
        assertThat(event.revision()).isEqualTo("3");
        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.aggregateId()).isEqualTo(CASE_ID.value());
        assertThat(event.sequence()).isEqualTo(4);
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        assertThat(event.recordedBy()).contains("volunteer-3");
        assertThat(event.payload()).contains(CONTACT_LOST);
        assertThat(event.payloadAs(ContactLost.class)).contains(CONTACT_LOST);
        assertThat(event.payloadAs(ReleaseRecorded.class)).isEmpty();
        assertThat(event.topic()).isEqualTo("caseledger.cases.v1");
        assertThat(event.partition()).isEqualTo(2);
        assertThat(event.offset()).isEqualTo(17);
    }

    @Test
    void itsMomentIsTheNearestMicrosecondAsTheDatabaseKeepsIt() throws Exception {
        Map<String, String> moments = Map.of(
                "2025-01-02T03:04:05.123456Z", "2025-01-02T03:04:05.123456Z",
                "2025-01-02T03:04:05.123456499Z", "2025-01-02T03:04:05.123456Z",
                "2025-01-02T03:04:05.123456500Z", "2025-01-02T03:04:05.123457Z",
                "2025-01-02T03:04:05.1234567Z", "2025-01-02T03:04:05.123457Z",
                "2025-12-31T23:59:59.999999500Z", "2026-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z");
        for (Map.Entry<String, String> moment : moments.entrySet()) {
            Map<String, String> headers = new HashMap<>(required("ContactLost"));
            headers.put(EventHeaders.TIMESTAMP, moment.getKey());
            ConsumedEvent event = ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST),
                    headers), EventJson.mapper());

            assertThat(event.timestamp()).as(moment.getKey()).isEqualTo(Instant.parse(moment.getValue()));
        }
    }

    @Test
    void recordOfAnOlderPublisherIsRevisionOneWithNobodyNamed() throws Exception {
        ConsumedEvent event = ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST),
                required("ContactLost")), EventJson.mapper());

        assertThat(event.revision()).isEqualTo("1");
        assertThat(event.recordedBy()).isEmpty();
    }

    @Test
    void eventOfATypeThisConsumerDoesNotKnowHasNoPayload() {
        ConsumedEvent event = ConsumedEvent.from(record("{\"caseId\":\"c-12\"}".getBytes(StandardCharsets.UTF_8),
                required("PersonErased")), EventJson.mapper());

        assertThat(event.type()).isEqualTo("PersonErased");
        assertThat(event.payload()).isEmpty();
    }

    @Test
    void recordWithoutARequiredHeaderIsRefusedNamingTheHeader() throws Exception {
        Map<String, String> headers = new HashMap<>(required("ContactLost"));
        headers.remove(EventHeaders.SEQUENCE);
        byte[] payload = EventJson.mapper().writeValueAsBytes(CONTACT_LOST);

        assertThatThrownBy(() -> ConsumedEvent.from(record(payload, headers), EventJson.mapper()))
                .isInstanceOf(ConsumedEvent.UnreadableRecord.class)
                .hasMessage("Record caseledger.cases.v1-2@17: header 'sequence' is missing");
    }

    @Test
    void recordWhosePayloadIsNotItsTypeIsRefusedWhenItIsRead() {
        ConsumedEvent event = ConsumedEvent.from(record("[1,2]".getBytes(StandardCharsets.UTF_8),
                required("ContactLost")), EventJson.mapper());

        assertThat(event.knownType()).isTrue();
        assertThatThrownBy(event::payload)
                .isInstanceOf(ConsumedEvent.UnreadableRecord.class)
                .hasMessageStartingWith("Record caseledger.cases.v1-2@17: payload is not a readable ContactLost");
    }

    @Test
    void aHandlerOfTheEventAloneDoesNotHaveItsPayloadRead() {
        List<String> applied = new ArrayList<>();
        EventHandlers handlers = EventHandlers.builder()
                .onEvent(ContactLost.class, event -> applied.add("lost at " + event.sequence()))
                .on(ReleaseRecorded.class, (event, release) -> applied.add("released"))
                .build();
        byte[] unreadable = "[1,2]".getBytes(StandardCharsets.UTF_8);

        handlers.apply(ConsumedEvent.from(record(unreadable, required("ContactLost")), EventJson.mapper()));
        handlers.apply(ConsumedEvent.from(record(unreadable, required("ContactReestablished")), EventJson.mapper()));

        assertThat(applied).containsExactly("lost at 0");
        ConsumedEvent release = ConsumedEvent.from(record(unreadable, required("ReleaseRecorded")), EventJson.mapper());
        assertThatThrownBy(() -> handlers.apply(release)).isInstanceOf(ConsumedEvent.UnreadableRecord.class);
    }

    /**
     * A handler that needs only an event's plain values has it read with its personal ones withheld: no key is asked
     * for, and the consumer asks for none beforehand on its account; a handler that opens it has its subject's key.
     */
    @Test
    void aHandlerOfTheWithheldEventReadsItsPlainValuesWithoutAskingForAKey() {
        InMemoryDataKeys keys = new InMemoryDataKeys();
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        byte[] sealed = codec.sealToBytes(new DetentionReported(CASE_ID, 7, new Person("Gulbahar Jalilova"),
                new Detention(ApproximateDate.parse("2017-05"), "Ürümqi", DetentionKind.PRETRIAL),
                new Source(SourceType.RELATIVE_TESTIMONY)));
        List<String> applied = new ArrayList<>();
        EventHandlers handlers = EventHandlers.builder()
                .onWithheld(DetentionReported.class, (event, opened) -> applied.add(opened.caseNumber() + " "
                        + opened.person().name()))
                .on(ReleaseRecorded.class, (event, release) -> applied.add("released"))
                .build();

        ConsumedEvent event = ConsumedEvent.from(record(sealed, required("DetentionReported")), codec);
        handlers.apply(event);

        assertThat(applied).containsExactly("7 " + PersonalDataCodec.WITHHELD);
        assertThat(keys.askedToOpen()).isEmpty();
        assertThat(handlers.opensSealedValues("DetentionReported")).isFalse();
        assertThat(handlers.opensSealedValues("ReleaseRecorded")).isTrue();
        assertThat(handlers.opensSealedValues("ContactLost")).isFalse();
        assertThat(EventHandlers.builder().otherwise((any, payload) -> {
        }).opensSealedValues("ContactLost")).isTrue();
        assertThat(event.payloadAs(DetentionReported.class).map(opened -> opened.person().name()))
                .contains("Gulbahar Jalilova");
        assertThat(keys.askedToOpen()).containsExactly(CASE_ID.value());
    }

    @Test
    void anErasureIsReadAtOnceSoThatTheKeysHearOfItThoughNothingAsksForIt() throws Exception {
        InMemoryDataKeys keys = new InMemoryDataKeys();
        PersonalDataErased erasure = new PersonalDataErased(CASE_ID, "p-7", DataSubject.PERSON,
                Instant.parse("2025-01-02T03:04:05Z"));

        ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(erasure), required("PersonalDataErased")),
                new PersonalDataCodec(EventJson.mapper(), keys));
        ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST), required("ContactLost")),
                new PersonalDataCodec(EventJson.mapper(), keys));

        assertThat(keys.heardErased()).containsExactly("p-7");
    }

    @Test
    void handlersAreChosenByTheTypeInTheHeader() throws Exception {
        List<String> applied = new ArrayList<>();
        EventHandlers handlers = EventHandlers.builder()
                .on(ContactLost.class, (event, lost) -> applied.add("lost " + lost.date()))
                .build();

        handlers.apply(ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST),
                required("ContactLost")), EventJson.mapper()));
        handlers.apply(ConsumedEvent.from(record("{}".getBytes(StandardCharsets.UTF_8), required("PersonErased")),
                EventJson.mapper()));

        assertThat(applied).containsExactly("lost 2019-04");
    }

    @Test
    void typesWithoutAHandlerOfTheirOwnGoToTheOtherwiseHandler() throws Exception {
        List<String> applied = new ArrayList<>();
        EventHandlers handlers = EventHandlers.builder()
                .on(ReleaseRecorded.class, (event, release) -> applied.add("released"))
                .otherwise((event, payload) -> applied.add("other " + event.type()));

        handlers.apply(ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST),
                required("ContactLost")), EventJson.mapper()));

        assertThat(applied).containsExactly("other ContactLost");
    }

    @Test
    void eventFoundAppliedBeforeIsReportedToWhatTheConsumerCounts() throws Exception {
        List<String> reported = new ArrayList<>();
        ConsumedEvent event = ConsumedEvent.from(record(EventJson.mapper().writeValueAsBytes(CONTACT_LOST),
                required("ContactLost")), PersonalDataCodec.withoutKeys(EventJson.mapper()),
                () -> reported.add("absorbed"));

        event.appliedBefore();

        assertThat(reported).containsExactly("absorbed");
    }

    @Test
    void aTypeCannotHaveTwoHandlers() {
        EventHandlers.Builder builder = EventHandlers.builder().on(ContactLost.class, (event, lost) -> {
        });

        assertThatThrownBy(() -> builder.on(ContactLost.class, (event, lost) -> {
        })).isInstanceOf(IllegalStateException.class).hasMessage("Two handlers for ContactLost");
    }

    private static Map<String, String> required(String type) {
        return Map.of(
                EventHeaders.EVENT_TYPE, type,
                EventHeaders.EVENT_ID, "e-2",
                EventHeaders.AGGREGATE_ID, CASE_ID.value(),
                EventHeaders.SEQUENCE, "0",
                EventHeaders.TIMESTAMP, "2025-01-02T03:04:05Z");
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>("caseledger.cases.v1", 2, 17, 0L, TimestampType.CREATE_TIME, 0, 0,
                CASE_ID.value(), value, recordHeaders, Optional.empty());
    }
}
