package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.local.EndToEndStack.get;
import static org.caseledger.local.EndToEndStack.post;

/**
 * The whole path, with the real service jars as separate processes: a detention posted to case-service is stored,
 * published to Kafka with the documented headers, and shown by projections; later facts change what it shows.
 */
class DetentionTravelsToProjectionIT {

    static ServiceProcess caseService;
    static ServiceProcess projections;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServices() {
        EndToEndStack stack = EndToEndStack.get();
        caseService = stack.caseService;
        projections = stack.projections;
    }

    @Test
    void reportedDetentionAppearsInProjectionAndReleaseChangesItsStatus() throws Exception {
        HttpResponse<String> opened = post(caseService.url("/api/cases"), """
                {"person":{"name":"Қайрат Самарқан"},
                 "detention":{"date":"2017-10","place":"Karamay","kind":"CAMP"},
                 "source":{"type":"VICTIM_TESTIMONY"}}""");
        assertThat(opened.statusCode()).isEqualTo(201);
        String caseId = json.readTree(opened.body()).get("caseId").asText();

        JsonNode detained = awaitShown(caseId, "DETAINED");
        assertThat(detained.get("caseNumber").asLong()).isEqualTo(json.readTree(opened.body()).get("caseNumber").asLong());
        assertThat(detained.get("name").asText()).isEqualTo("Қайрат Самарқан");
        assertThat(detained.get("detentionKind").asText()).isEqualTo("CAMP");

        HttpResponse<String> released = post(caseService.url("/api/cases/" + caseId + "/releases"), """
                {"date":"2018-01","conditions":"SURVEILLANCE","source":{"type":"VICTIM_TESTIMONY"}}""");
        assertThat(released.statusCode()).isEqualTo(201);

        JsonNode shown = awaitShown(caseId, "RELEASED");
        assertThat(shown.get("releaseConditions").asText()).isEqualTo("SURVEILLANCE");
        assertThat(shown.get("version").asLong()).isEqualTo(json.readTree(released.body()).get("version").asLong());

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.recordsWithKey(caseId), found -> found.size() == 4);
            assertThat(records).extracting(record -> TopicReader.header(record, EventHeaders.EVENT_TYPE))
                    .containsExactly("DetentionReported", "CaseStatusDerived", "ReleaseRecorded", "CaseStatusDerived");
            assertThat(records).extracting(record -> TopicReader.header(record, EventHeaders.SEQUENCE))
                    .containsExactly("0", "1", "2", "3");
            assertThat(records).allSatisfy(record -> {
                assertThat(TopicReader.header(record, EventHeaders.AGGREGATE_ID)).isEqualTo(caseId);
                assertThat(TopicReader.header(record, EventHeaders.EVENT_ID)).isNotBlank();
            });
        }
    }

    /**
     * One POST's trace: a client that traces its requests sends a {@code traceparent}; the records of the events it
     * caused carry that trace id, and so does the line projections logs for the case row it wrote from them.
     */
    @Test
    void tracesOneRequestFromItsPostOntoTheTopicAndIntoTheRowProjectionsWrote() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> opened = post(caseService.url("/api/cases"), """
                {"person":{"name":"Гүлнар Оспан"},
                 "detention":{"date":"2018-03","place":"Ghulja","kind":"CAMP"},
                 "source":{"type":"RELATIVE_TESTIMONY"}}""",
                Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01"));
        assertThat(opened.statusCode()).isEqualTo(201);
        String caseId = json.readTree(opened.body()).get("caseId").asText();

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(60))
                    .until(() -> topic.recordsWithKey(caseId), found -> found.size() == 2);
            assertThat(records).extracting(record -> TopicReader.header(record, EventHeaders.TRACEPARENT))
                    .allSatisfy(traceparent -> assertThat(traceparent).startsWith("00-" + traceId + "-"));
        }
        String rowWritten = await().atMost(Duration.ofSeconds(60)).until(
                () -> projections.output().lines().filter(line -> line.contains("Case " + caseId + " shown at version 0"))
                        .findFirst().orElse(null), line -> line != null);
        assertThat(rowWritten).contains(traceId).contains("operator").doesNotContain("Гүлнар");
    }

    /**
     * A man detained in a camp in 2017 on his wife's testimony, transferred, reported released under surveillance in
     * late 2018 by one source and still in the camp by another, later sentenced.
     */
    @Test
    void aManDetainedOnHisWifesTestimonyIsFollowedThroughAContradictionToHisSentence() throws Exception {
        HttpResponse<String> opened = post(caseService.url("/api/cases"), """
                {"person":{"name":"Serikzhan Bilash","nameVariants":[
                    {"text":"Серікжан Білаш","script":"CYRILLIC"},{"text":"塞力克江·比拉什","script":"CHINESE"}],
                  "gender":"MALE","birth":{"ageFrom":40,"ageTo":49,"ageAsOfYear":2017},"ethnicity":"Kazakh",
                  "citizenships":["KZ","CN"],"hometown":{"county":"Tekes","prefecture":"Ili"},"occupation":"herder"},
                 "detention":{"date":"2017-11","place":"taken from home at night","facilityId":"106","kind":"CAMP"},
                 "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY","reference":"his wife"}}""");
        assertThat(opened.statusCode()).isEqualTo(201);
        String caseId = json.readTree(opened.body()).get("caseId").asText();
        String cases = caseService.url("/api/cases/" + caseId);

        assertThat(post(cases + "/testimonies", """
                {"givenBy":{"relation":"SPOUSE"},"date":"2018-01","language":"kk",
                 "summary":"Police came at night and took him to the camp in the county town.",
                 "consentToPublish":false,"visibility":"CONFIDENTIAL",
                 "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY","reference":"his wife"}}""")
                .statusCode()).isEqualTo(201);
        assertThat(post(cases + "/whereabouts", """
                {"date":"2018-05","place":"moved to another camp","facilityId":"108","kind":"CAMP","transfer":true,
                 "source":{"type":"WITNESS_TESTIMONY","reliability":"UNSURE","reference":"a released detainee"}}""")
                .statusCode()).isEqualTo(201);
        assertThat(post(cases + "/releases", """
                {"date":"2018-12","conditions":"SURVEILLANCE",
                 "source":{"type":"MEDIA_REPORT","reliability":"UNSURE","reference":"radio report"}}""")
                .statusCode()).isEqualTo(201);
        assertThat(post(cases + "/whereabouts", """
                {"date":"2018-12","place":"still in the camp","facilityId":"108","kind":"CAMP","transfer":false,
                 "source":{"type":"WITNESS_TESTIMONY","reliability":"LIKELY","reference":"cellmate released in 2019"}}""")
                .statusCode()).isEqualTo(201);

        JsonNode disputed = awaitProjection(caseId, view -> view.get("disputed").asBoolean());
        assertThat(disputed.get("status").asText()).isEqualTo("DETAINED");
        assertThat(disputed.get("contradictions")).hasSize(1);

        assertThat(post(cases + "/sentences", """
                {"date":"2019-06","court":"Ili Kazakh Autonomous Prefecture Intermediate Court",
                 "term":{"years":10,"months":0,"life":false},
                 "source":{"type":"COURT_RECORD","reliability":"HIGH","reference":"verdict"}}""")
                .statusCode()).isEqualTo(201);

        JsonNode sentenced = awaitProjection(caseId, view -> "SENTENCED".equals(view.get("status").asText()));
        assertThat(sentenced.get("disputed").asBoolean()).isFalse();
        assertThat(sentenced.get("contradictions")).hasSize(1);
        assertThat(sentenced.at("/term/years").asInt()).isEqualTo(10);
        assertThat(sentenced.at("/decidingFact/type").asText()).isEqualTo("SentenceReported");
        assertThat(sentenced.at("/counts/testimonies").asInt()).isEqualTo(1);
        assertThat(sentenced.at("/person/nameVariants/0/text").asText()).isEqualTo("Серікжан Білаш");
        assertThat(sentenced.at("/person/nameVariants/1/text").asText()).isEqualTo("塞力克江·比拉什");

        String timelineUrl = projections.url("/api/cases/" + caseId + "/timeline");
        long version = sentenced.get("version").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = get(timelineUrl);
            return response.statusCode() == 200 && json.readTree(response.body()).get("version").asLong() >= version;
        });
        JsonNode timeline = json.readTree(get(timelineUrl).body());
        List<String> types = new ArrayList<>();
        timeline.get("entries").forEach(entry -> types.add(entry.get("type").asText()));
        assertThat(types).containsExactly(
                "DetentionReported", "TestimonyRecorded", "WhereaboutsReported", "ReleaseRecorded",
                "WhereaboutsReported", "SentenceReported");
        timeline.get("entries").forEach(entry -> assertThat(entry.get("retracted").asBoolean()).isFalse());
    }

    private JsonNode awaitProjection(String caseId, Predicate<JsonNode> shown) throws Exception {
        String url = projections.url("/api/cases/" + caseId);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = get(url);
            return response.statusCode() == 200 && shown.test(json.readTree(response.body()));
        });
        return json.readTree(get(url).body());
    }

    private JsonNode awaitShown(String caseId, String status) throws Exception {
        String url = projections.url("/api/cases/" + caseId);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = get(url);
            return response.statusCode() == 200 && status.equals(json.readTree(response.body()).get("status").asText());
        });
        return json.readTree(get(url).body());
    }
}
