package org.caseledger.platform.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.json.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

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

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
