package org.caseledger.cases.upcasting;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Script;
import org.caseledger.platform.json.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** History as case-service stored it, read the way Axon reads it: through the upcaster, with the services' JSON. */
class SourceReliabilityUpcasterTest {

    private final Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();

    @Test
    void detentionOfRevisionOneIsReadWithItsSourceReliabilityUnknownAndThePersonsListsEmpty() {
        DetentionReported detention = (DetentionReported) read("DetentionReported", "1", """
                {"caseId":"c-1","caseNumber":7,"person":{"name":"Nurlan Kokteubaev"},\
                "detention":{"date":"2017-11","place":"Zhaosu County","kind":"CAMP"},\
                "source":{"type":"RELATIVE_TESTIMONY"}}""");

        assertThat(detention.source().reliability()).isEqualTo(Reliability.UNKNOWN);
        assertThat(detention.person().nameVariants()).isNotNull().isEmpty();
        assertThat(detention.person().citizenships()).isNotNull().isEmpty();
        assertThat(detention.person().name()).isEqualTo("Nurlan Kokteubaev");
        assertThat(detention.caseNumber()).isEqualTo(7);
    }

    @Test
    void releaseOfRevisionOneIsReadWithItsSourceReliabilityUnknown() {
        ReleaseRecorded release = (ReleaseRecorded) read("ReleaseRecorded", "1", """
                {"caseId":"c-1","date":"2018-12","conditions":"SURVEILLANCE",\
                "source":{"type":"RELATIVE_TESTIMONY"}}""");

        assertThat(release.source().reliability()).isEqualTo(Reliability.UNKNOWN);
        assertThat(release.conditions()).isEqualTo(ReleaseConditions.SURVEILLANCE);
    }

    @Test
    void whatRevisionOneAlreadyStatedIsKept() {
        DetentionReported detention = (DetentionReported) read("DetentionReported", "1", """
                {"caseId":"c-1","caseNumber":7,"person":{"name":"Nurlan Kokteubaev",\
                "nameVariants":[{"text":"Нурлан Көктеубаев","script":"CYRILLIC"}],"citizenships":["KZ"]},\
                "detention":{"date":"2017-11","place":"Zhaosu County","kind":"CAMP"},\
                "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY"}}""");

        assertThat(detention.source().reliability()).isEqualTo(Reliability.LIKELY);
        assertThat(detention.person().nameVariants())
                .containsExactly(new NameVariant("Нурлан Көктеубаев", Script.CYRILLIC));
        assertThat(detention.person().citizenships()).containsExactly("KZ");
    }

    @Test
    void revisionTwoIsReadAsStored() {
        ReleaseRecorded release = (ReleaseRecorded) read("ReleaseRecorded", "2", """
                {"caseId":"c-1","date":"2018-12","conditions":"FREE",\
                "source":{"type":"OFFICIAL_DOCUMENT","reliability":"HIGH","reference":"release certificate"}}""");

        assertThat(release.source().reliability()).isEqualTo(Reliability.HIGH);
        assertThat(release.source().reference()).isEqualTo("release certificate");
    }

    private Object read(String type, String revision, String payload) {
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Case", "c-1", 0, "e-1",
                Instant.parse("2017-12-01T09:14:27.318Z"), "org.caseledger.api.cases." + type, revision,
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        List<Object> read = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(stored), serializer,
                        new SourceReliabilityUpcaster())
                .asStream().map(event -> (Object) event.getPayload()).toList();
        assertThat(read).hasSize(1);
        return read.get(0);
    }
}
