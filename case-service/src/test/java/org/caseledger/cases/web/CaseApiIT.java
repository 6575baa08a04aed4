package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.testing.AppendOnlyEventStore;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CaseApiIT extends RunningCaseService {

    static final String DETENTION = """
            {"person":{"name":"Нурлан Көктеубаев"},
             "detention":{"date":"2017-11","place":"Zhaosu County","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";

    final ObjectMapper json = new ObjectMapper();

    @Test
    void answersTheLivenessAndReadinessProbesOfAClusterOnTheManagementPortOnly() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            ResponseEntity<String> answer = http.getForEntity(management(probe), String.class);
            assertThat(answer.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
            assertThat(answer.getBody()).as(probe).contains("\"status\":\"UP\"");
            assertThat(http.getForEntity(probe, String.class).getStatusCode()).as(probe + " on the API's port")
                    .isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void canOpenCaseAndPublishItWithReadableHeaders() throws Exception {
        ResponseEntity<String> response = post("/api/cases", DETENTION);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(response.getBody());
        String caseId = body.get("caseId").asText();
        assertThat(response.getHeaders().getLocation()).hasToString("/api/cases/" + caseId);
        assertThat(body.get("caseNumber").asLong()).isPositive();

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.recordsWithKey(caseId), found -> !found.isEmpty());
            ConsumerRecord<String, byte[]> record = records.get(0);
            assertThat(TopicReader.header(record, EventHeaders.EVENT_TYPE)).isEqualTo("DetentionReported");
            assertThat(TopicReader.header(record, EventHeaders.AGGREGATE_ID)).isEqualTo(caseId);
            assertThat(TopicReader.header(record, EventHeaders.AGGREGATE_TYPE)).isEqualTo("Case");
            assertThat(TopicReader.header(record, EventHeaders.SEQUENCE)).isEqualTo("0");
            assertThat(TopicReader.header(record, EventHeaders.EVENT_ID)).isNotBlank();
            assertThat(TopicReader.header(record, EventHeaders.TIMESTAMP)).isNotBlank();
            JsonNode payload = json.readTree(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(payload.at("/person/name/personalData").asText()).isEqualTo("aes-256-gcm-v1");
            assertThat(payload.at("/person/name/subject").asText()).isEqualTo(caseId);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("Нурлан");
            assertThat(payload.at("/detention/date").asText()).isEqualTo("2017-11");
            assertThat(payload.at("/caseNumber").asLong()).isEqualTo(body.get("caseNumber").asLong());
        }
    }

    @Test
    void publishesWhoRecordedTheFactWhichRequestCausedItAndTheRevisionOfItsShape() throws Exception {
        HttpHeaders operator = new HttpHeaders();
        operator.setContentType(MediaType.APPLICATION_JSON);
        operator.setBearerAuth(TestTokens.get().token("volunteer-42", List.of("OPERATOR")));
        String caseId = json.readTree(post("/api/cases", DETENTION, operator).getBody()).get("caseId").asText();
        operator.setBearerAuth(TestTokens.get().token("volunteer-7", List.of("OPERATOR")));
        post("/api/cases/" + caseId + "/releases", """
                {"date":"2018-12","conditions":"SURVEILLANCE","source":{"type":"RELATIVE_TESTIMONY"}}""", operator);

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.recordsWithKey(caseId), found -> found.size() == 4);
            List<String> types = records.stream().map(r -> TopicReader.header(r, EventHeaders.EVENT_TYPE)).toList();
            assertThat(types).containsExactly("DetentionReported", "CaseStatusDerived", "ReleaseRecorded",
                    "CaseStatusDerived");
            List<String> revisions = records.stream()
                    .map(r -> TopicReader.header(r, EventHeaders.EVENT_REVISION)).toList();
            assertThat(revisions).containsExactly("2", "1", "2", "1");
            List<String> recorders = records.stream().map(r -> TopicReader.header(r, EventHeaders.RECORDED_BY)).toList();
            assertThat(recorders).containsExactly("volunteer-42", "volunteer-42", "volunteer-7", "volunteer-7");
            List<String> correlations = records.stream()
                    .map(r -> TopicReader.header(r, EventHeaders.CORRELATION_ID)).toList();
            assertThat(correlations).doesNotContainNull().allSatisfy(id -> assertThat(id).isNotBlank());
            assertThat(correlations.get(1)).isEqualTo(correlations.get(0));
            assertThat(correlations.get(3)).isEqualTo(correlations.get(2));
            assertThat(correlations.get(2)).isNotEqualTo(correlations.get(0));
        }
    }

    /**
     * A client that traces its requests sends a W3C traceparent; the events the request caused store the context of
     * the span that handled its command, a descendant in the same trace, and their records carry it as stored.
     */
    @Test
    void carriesTheTraceOfTheRequestIntoTheStoredEventsAndOntoTheTopic() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String clientSpan = "00f067aa0ba902b7";
        HttpHeaders traced = new HttpHeaders();
        traced.setContentType(MediaType.APPLICATION_JSON);
        traced.setBearerAuth(TestTokens.get().token("volunteer-42", List.of("OPERATOR")));
        traced.set("traceparent", "00-" + traceId + "-" + clientSpan + "-01");
        String caseId = json.readTree(post("/api/cases", DETENTION, traced).getBody()).get("caseId").asText();

        List<String> stored = jdbc.sql("SELECT convert_from(metadata, 'UTF8') FROM domainevententry "
                        + "WHERE aggregateidentifier = :caseId ORDER BY sequencenumber")
                .param("caseId", caseId).query(String.class).list();
        assertThat(stored).hasSize(2);
        String traceparent = json.readTree(stored.get(0)).path("traceparent").asText();
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(traceparent.split("-")[2]).as("the span that handled the command").isNotEqualTo(clientSpan);
        assertThat(json.readTree(stored.get(1)).path("traceparent").asText()).isEqualTo(traceparent);

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.recordsWithKey(caseId), found -> found.size() == 2);
            assertThat(records).extracting(record -> TopicReader.header(record, EventHeaders.TRACEPARENT))
                    .containsOnly(traceparent);
        }
    }

    @Test
    void declaresItsTopicToKeepEventsForever() throws Exception {
        post("/api/cases", DETENTION);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructure.get().kafkaBootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CASES);
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).isEqualTo("-1");
        }
    }

    /**
     * Opening fails after the case took its number: the event store refuses the case's first event (a trigger stands
     * in for whatever makes a write fail, a full disk or a lost connection). The next case gets that number.
     */
    @Test
    void caseThatFailsToOpenGivesItsNumberBack() throws Exception {
        long before = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseNumber").asLong();
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource("cases"));
        superuser.sql("""
                CREATE FUNCTION refuse_marked_opening() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF convert_from(NEW.payload, 'UTF8') LIKE '%Refused At Opening%' THEN
                    RAISE EXCEPTION 'the event store refuses this opening';
                  END IF;
                  RETURN NEW;
                END $$""").update();
        superuser.sql("CREATE TRIGGER refuse_marked_opening BEFORE INSERT ON domainevententry "
                + "FOR EACH ROW EXECUTE FUNCTION refuse_marked_opening()").update();
        ResponseEntity<String> failed;
        try {
            failed = post("/api/cases", DETENTION.replace("Zhaosu County", "Refused At Opening"));
        } finally {
            superuser.sql("DROP TRIGGER refuse_marked_opening ON domainevententry").update();
            superuser.sql("DROP FUNCTION refuse_marked_opening()").update();
        }
        long after = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseNumber").asLong();

        assertThat(failed.getStatusCode().is5xxServerError()).as(failed.toString()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') "
                + "LIKE '%Refused At Opening%'").query(Long.class).single()).isZero();
        assertThat(after).isEqualTo(before + 1);
    }

    @Test
    void caseNumbersFollowEachOtherWithoutGaps() throws Exception {
        long first = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseNumber").asLong();
        long second = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseNumber").asLong();

        assertThat(second).isEqualTo(first + 1);
    }

    @Test
    void canRecordReleaseOfReportedCase() throws Exception {
        String caseId = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseId").asText();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/releases",
                """
                {"date":"2018-12","conditions":"SURVEILLANCE","source":{"type":"WITNESS_TESTIMONY"}}""");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(eventsOf(caseId)).isEqualTo(2);
    }

    @Test
    void eventStoreRefusesToChangeOrRemoveEventsThroughTheServicesOwnConnection() throws Exception {
        String caseId = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseId").asText();

        AppendOnlyEventStore.assertChangesRefused(jdbc, caseId);

        ResponseEntity<String> release = post("/api/cases/" + caseId + "/releases", """
                {"date":"2018-12","conditions":"FREE","source":{"type":"RELATIVE_TESTIMONY"}}""");
        assertThat(release.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(eventsOf(caseId)).isEqualTo(2);
    }

    @Test
    void releaseForUnknownCaseIsNotFoundAndStoresNothing() {
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/cases/no-such-case/releases",
                """
                {"date":"2018-12","conditions":"FREE","source":{"type":"MEDIA_REPORT"}}""");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown detention kind | {"person":{"name":"A"},"detention":{"date":"2017","kind":"HOTEL"},"source":{"type":"OTHER"}}       | detention.kind
            malformed date         | {"person":{"name":"A"},"detention":{"date":"2017-13","kind":"CAMP"},"source":{"type":"OTHER"}}   | detention.date
            date as prose          | {"person":{"name":"A"},"detention":{"date":"last winter","kind":"CAMP"},"source":{"type":"OTHER"}} | detention.date
            missing name           | {"person":{},"detention":{"date":"2017","kind":"CAMP"},"source":{"type":"OTHER"}}                | person.name
            blank name             | {"person":{"name":"  "},"detention":{"date":"2017","kind":"CAMP"},"source":{"type":"OTHER"}}     | person.name
            missing source         | {"person":{"name":"A"},"detention":{"date":"2017","kind":"CAMP"}}                                | source
            unknown source type    | {"person":{"name":"A"},"detention":{"date":"2017","kind":"CAMP"},"source":{"type":"RUMOUR"}}     | source.type
            misspelt field         | {"person":{"name":"A"},"detention":{"date":"2017","kind":"CAMP","plase":"x"},"source":{"type":"OTHER"}} | detention.plase
            wrong type             | {"person":"A","detention":{"date":"2017","kind":"CAMP"},"source":{"type":"OTHER"}}               | person
            """)
    void rejectsInvalidDetentionNamingTheFieldAndStoresNothing(String problem, String body, String field) {
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/cases", body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains(field);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void rejectsBodyThatIsNotJson() {
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/cases", "{\"person\": ");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("not valid JSON");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void rejectsReleaseWithUnknownConditions() throws Exception {
        String caseId = json.readTree(post("/api/cases", DETENTION).getBody()).get("caseId").asText();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/releases",
                """
                {"date":"2018-12","conditions":"PAROLE","source":{"type":"OTHER"}}""");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("conditions").contains("SURVEILLANCE");
        assertThat(eventsOf(caseId)).isEqualTo(1);
    }

    @Test
    void servesItsOpenApiDescriptionWithExamples() throws Exception {
        JsonNode description = json.readTree(http.getForEntity("/v3/api-docs", String.class).getBody());

        assertThat(description.at("/paths").has("/api/cases")).isTrue();
        assertThat(description.at("/paths").has("/api/cases/{caseId}/corrections")).isTrue();
        assertThat(description.at("/components/schemas/ReportDetentionRequest/example").isMissingNode()).isFalse();
    }
}
