package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The guarantees around a write: retries, stale versions, corrections, merges, who recorded it, old history. */
class CaseRecordIT extends RunningCaseService {

    static final String DETENTION = """
            {"person":{"name":"Mihrigul Tursun","nameVariants":[{"text":"Михригуль Турсун","script":"CYRILLIC"},
              {"text":"米日古丽·图尔逊","script":"CHINESE"}],"gender":"FEMALE","birth":{"year":1989},
              "citizenships":["EG","CN"],"hometown":{"county":"Qiemo","prefecture":"Bayingolin"}},
             "detention":{"date":"2017-04","facilityId":"106","kind":"CAMP"},
             "source":{"type":"VICTIM_TESTIMONY","reliability":"HIGH","reference":"testimony of 2018-11-28"}}""";
    static final String RELEASE = """
            {"date":"2018-04","conditions":"SURVEILLANCE","source":{"type":"VICTIM_TESTIMONY","reliability":"HIGH"}}""";

    final ObjectMapper json = new ObjectMapper();
    @Autowired
    EventStore eventStore;

    @Test
    void retryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndStoresNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = storedEvents();

        ResponseEntity<String> first = post("/api/cases", DETENTION, headers(key, null));
        ResponseEntity<String> retry = post("/api/cases", DETENTION, headers(key, null));

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(json.readTree(retry.getBody())).isEqualTo(json.readTree(first.getBody()));
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag());
        assertThat(retry.getHeaders().getFirst("Idempotency-Replayed")).isEqualTo("true");
        assertThat(storedEvents()).isEqualTo(before + 2);
    }

    @Test
    void sameIdempotencyKeyForADifferentRequestIsRefused() throws Exception {
        String caseId = open();
        String key = UUID.randomUUID().toString();
        post("/api/cases/" + caseId + "/releases", RELEASE, headers(key, null));
        long before = storedEvents();

        ResponseEntity<String> reuse = post("/api/cases/" + caseId + "/releases",
                RELEASE.replace("SURVEILLANCE", "FREE"), headers(key, null));

        assertThat(reuse.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(reuse.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void writeNamingAStaleVersionIsRefusedWith412() throws Exception {
        ResponseEntity<String> opened = post("/api/cases", DETENTION, headers(null, null));
        String caseId = json.readTree(opened.getBody()).get("caseId").asText();
        String etag = opened.getHeaders().getETag();
        ResponseEntity<String> first = post("/api/cases/" + caseId + "/releases", RELEASE, headers(null, etag));
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long before = storedEvents();

        ResponseEntity<String> stale = post("/api/cases/" + caseId + "/releases",
                RELEASE.replace("2018-04", "2018-05"), headers(null, etag));

        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(stale.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(first.getHeaders().getETag()).isNotEqualTo(etag);
    }

    @Test
    void correctionRetractsAFactOnceAndTheStatusIsReadWithoutIt() throws Exception {
        String caseId = open();
        String releaseId = json.readTree(post("/api/cases/" + caseId + "/releases", RELEASE, headers(null, null))
                .getBody()).get("eventId").asText();
        assertThat(lastStatus(caseId)).isEqualTo("RELEASED");
        String correction = """
                {"retractedEventId":"%s","reason":"she was moved, not released","source":{"type":"VICTIM_TESTIMONY"}}"""
                .formatted(releaseId);

        ResponseEntity<String> corrected = post("/api/cases/" + caseId + "/corrections", correction, headers(null, null));
        ResponseEntity<String> again = post("/api/cases/" + caseId + "/corrections", correction, headers(null, null));

        assertThat(corrected.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(lastStatus(caseId)).isEqualTo("DETAINED");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(eventTypes(caseId)).contains("ReleaseRecorded", "FactCorrected");
    }

    @Test
    void releaseIsRefusedOnceTheOnlyDetentionIsRetracted() throws Exception {
        ResponseEntity<String> opened = post("/api/cases", DETENTION, headers(null, null));
        String caseId = json.readTree(opened.getBody()).get("caseId").asText();
        String detentionId = json.readTree(opened.getBody()).get("eventId").asText();
        post("/api/cases/" + caseId + "/corrections", """
                {"retractedEventId":"%s","reason":"confused with her cousin","source":{"type":"OTHER"}}"""
                .formatted(detentionId), headers(null, null));

        ResponseEntity<String> release = post("/api/cases/" + caseId + "/releases", RELEASE, headers(null, null));

        assertThat(release.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(release.getBody()).contains("No detention is on record");
    }

    @Test
    void mergedDuplicateTakesNoMoreWrites() throws Exception {
        String survivor = open();
        String duplicate = open();

        ResponseEntity<String> merged = post("/api/cases/" + duplicate + "/merge",
                "{\"intoCaseId\":\"" + survivor + "\",\"reason\":\"same woman, spelt differently\"}", asAdmin());
        ResponseEntity<String> write = post("/api/cases/" + duplicate + "/releases", RELEASE, headers(null, null));

        assertThat(merged.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(eventTypes(survivor)).contains("DuplicateCaseMerged");
        assertThat(write.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(write.getBody()).contains(survivor);
    }

    @Test
    void mergeIntoAMissingCaseIsRefusedAndStoresNothing() throws Exception {
        String caseId = open();
        long before = storedEvents();

        ResponseEntity<String> merged = post("/api/cases/" + caseId + "/merge",
                "{\"intoCaseId\":\"no-such-case\",\"reason\":\"?\"}", asAdmin());

        assertThat(merged.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void unknownFacilityIsRefusedNamingTheField() {
        ResponseEntity<String> response = post("/api/cases", DETENTION.replace("\"106\"", "\"999999\""),
                headers(null, null));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(response.getBody()).contains("facilityId");
    }

    @Test
    void everyEventRecordsTheSignedInUserAsWhoRecordedItWhateverAHeaderClaims() throws Exception {
        HttpHeaders headers = headers(null, null);
        headers.setBearerAuth(TestTokens.get().token("volunteer.aigerim", List.of("OPERATOR")));
        headers.set("X-Operator", "someone.else");

        String caseId = json.readTree(post("/api/cases", DETENTION, headers).getBody()).get("caseId").asText();

        List<String> metadata = jdbc.sql("SELECT convert_from(metadata, 'UTF8') FROM domainevententry "
                        + "WHERE aggregateidentifier = ? ORDER BY sequencenumber")
                .param(caseId).query(String.class).list();
        assertThat(metadata).isNotEmpty().allSatisfy(entry -> assertThat(entry)
                .contains("\"recordedBy\":\"volunteer.aigerim\"").doesNotContain("someone.else"));
    }

    /**
     * Revision 1 exactly as case-service stored it before sources had a reliability: Jackson's JSON of the records of
     * then, Axon's correlation metadata, no status readings. Read through the event store, as the case loads its
     * history and the publisher reads it, every source's reliability is UNKNOWN and the person's lists are empty.
     */
    @Test
    void historyStoredBeforeSourcesHadAReliabilityIsReadWithReliabilityUnknown() throws Exception {
        String caseId = UUID.randomUUID().toString();
        long caseNumber = 9_000_000 + (System.nanoTime() % 1_000_000);
        storeRevisionOne(caseId, 0, "DetentionReported", """
                {"caseId":"%s","caseNumber":%d,"person":{"name":"Nurlan Kokteubaev"},\
                "detention":{"date":"2017-11","place":"Zhaosu County","kind":"CAMP"},\
                "source":{"type":"RELATIVE_TESTIMONY"}}""".formatted(caseId, caseNumber));
        storeRevisionOne(caseId, 1, "ReleaseRecorded", """
                {"caseId":"%s","date":"2018-12","conditions":"SURVEILLANCE","source":{"type":"RELATIVE_TESTIMONY"}}\
                """.formatted(caseId));

        List<?> history = eventStore.readEvents(caseId).asStream().map(Message::getPayload).toList();

        assertThat(history).hasSize(2);
        DetentionReported detention = (DetentionReported) history.get(0);
        ReleaseRecorded release = (ReleaseRecorded) history.get(1);
        assertThat(detention.source().reliability()).as("reliability of a revision-1 detention's source")
                .isEqualTo(Reliability.UNKNOWN);
        assertThat(detention.person().nameVariants()).isNotNull().isEmpty();
        assertThat(detention.person().citizenships()).isNotNull().isEmpty();
        assertThat(detention.detention().place()).isEqualTo("Zhaosu County");
        assertThat(release.source().reliability()).as("reliability of a revision-1 release's source")
                .isEqualTo(Reliability.UNKNOWN);
        assertThat(release.conditions()).isEqualTo(ReleaseConditions.SURVEILLANCE);

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(60))
                    .until(() -> topic.recordsWithKey(caseId), records -> records.size() == 2);
            assertThat(published).allSatisfy(record -> {
                assertThat(TopicReader.header(record, EventHeaders.EVENT_REVISION)).isEqualTo("2");
                assertThat(json.readTree(record.value()).at("/source/reliability").asText()).isEqualTo("UNKNOWN");
            });
            assertThat(json.readTree(published.get(0).value()).at("/person/nameVariants").isArray()).isTrue();
        }

        ResponseEntity<String> later = post("/api/cases/" + caseId + "/releases",
                RELEASE.replace("2018-04", "2019-06").replace("SURVEILLANCE", "FREE"), headers(null, null));

        assertThat(later.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(lastStatus(caseId)).isEqualTo("RELEASED");
    }

    private void storeRevisionOne(String caseId, long sequence, String type, String payload) {
        String metadata = """
                {"traceId":"%1$s","correlationId":"%1$s"}""".formatted(UUID.randomUUID());
        jdbc.sql("""
                        INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                            metadata, payload, payloadrevision, payloadtype, timestamp)
                        VALUES (?, ?, 'Case', ?, ?, ?, '1', ?, ?)
                        """)
                .params(caseId, sequence, UUID.randomUUID().toString(), metadata.getBytes(StandardCharsets.UTF_8),
                        payload.getBytes(StandardCharsets.UTF_8), "org.caseledger.api.cases." + type,
                        "2017-12-0" + (sequence + 1) + "T09:14:27.318Z")
                .update();
    }

    private String open() throws Exception {
        return json.readTree(post("/api/cases", DETENTION, headers(null, null)).getBody()).get("caseId").asText();
    }

    private String lastStatus(String caseId) throws Exception {
        String payload = jdbc.sql("""
                        SELECT convert_from(payload, 'UTF8') FROM domainevententry
                         WHERE aggregateidentifier = ? AND payloadtype LIKE '%CaseStatusDerived'
                         ORDER BY sequencenumber DESC LIMIT 1""")
                .param(caseId).query(String.class).single();
        JsonNode derived = json.readTree(payload);
        return derived.get("status").asText();
    }

    /** Merging is for admins. */
    private static HttpHeaders asAdmin() {
        HttpHeaders headers = headers(null, null);
        headers.setBearerAuth(TestTokens.get().token(Role.ADMIN));
        return headers;
    }

    private static HttpHeaders headers(String idempotencyKey, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return headers;
    }
}
