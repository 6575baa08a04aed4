package org.caseledger.appeals.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.appeals.RunningAppealService;
import org.caseledger.platform.testing.AppendOnlyEventStore;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicReader;
import org.caseledger.platform.testing.TopicWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AppealApiIT extends RunningAppealService {

    static final AtomicLong CASE_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    static TopicWriter cases;

    @BeforeAll
    static void openCasesTopic() {
        cases = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case");
    }

    @AfterAll
    static void closeCasesTopic() {
        cases.close();
    }

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
    void canFileAppealForKnownCaseAndPublishIt() throws Exception {
        String caseId = knownCase();

        ResponseEntity<String> response = post("/api/appeals", appeal(caseId, "kz-foreign-ministry", today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(response.getBody());
        String appealId = body.get("appealId").asText();
        assertThat(response.getHeaders().getLocation()).hasToString("/api/appeals/" + appealId);
        assertThat(body.get("responseDueOn").asText()).isEqualTo(today().plusDays(30).toString());
        assertThat(scheduledDeadlinesOf(appealId)).isOne();

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.APPEALS)) {
            List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.recordsWithKey(appealId), found -> !found.isEmpty());
            ConsumerRecord<String, byte[]> record = records.get(0);
            assertThat(TopicReader.header(record, EventHeaders.EVENT_TYPE)).isEqualTo("AppealFiled");
            assertThat(TopicReader.header(record, EventHeaders.AGGREGATE_TYPE)).isEqualTo("Appeal");
            JsonNode payload = json.readTree(record.value());
            assertThat(payload.get("caseId").asText()).isEqualTo(caseId);
            assertThat(payload.get("authorityId").asText()).isEqualTo("kz-foreign-ministry");
            assertThat(payload.get("filedOn").asText()).isEqualTo(today().toString());
            assertThat(payload.get("responseDueOn").asText()).isEqualTo(today().plusDays(30).toString());
        }
    }

    @Test
    void eventStoreRefusesToChangeOrRemoveEventsThroughTheServicesOwnConnection() throws Exception {
        String appealId = filedAppeal(knownCase(), "kz-ombudsman");

        AppendOnlyEventStore.assertChangesRefused(jdbc, appealId);

        assertThat(post("/api/appeals/" + appealId + "/follow-ups",
                "{\"channel\":\"LETTER\",\"date\":\"" + today() + "\",\"summary\":\"Sent a reminder\"}")
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(eventTypesOf(appealId)).containsExactly("AppealFiled", "AppealFollowedUp");
    }

    @Test
    void filingForCaseThatDoesNotExistIsUnprocessableAndStoresNothing() {
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals", appeal(CaseId.random().value(), "kz-ombudsman",
                today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("caseId").contains("retry");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void filingForMergedCaseIsUnprocessable() {
        String caseId = knownCase();
        String into = knownCase();
        cases.publish(caseId, 1, new CaseMerged(new CaseId(caseId), new CaseId(into), "same person, two reports"));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT state FROM known_case WHERE case_id = ?").param(caseId).query(String.class).single()
                .equals("MERGED"));
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals", appeal(caseId, "kz-ombudsman", today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(response.getBody()).contains("merged");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void filingWithUnregisteredAuthorityIsUnprocessableAndStoresNothing() {
        String caseId = knownCase();
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals", appeal(caseId, "no-such-authority", today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(response.getBody()).contains("authorityId");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown channel   | {"caseId":"c","authorityId":"a","channel":"PIGEON","filedBy":"RELATIVE","date":"2019-03-04","summary":"s"} | channel
            named appellant   | {"caseId":"c","authorityId":"a","channel":"LETTER","filedBy":"Gulnar","date":"2019-03-04","summary":"s"}   | filedBy
            date as prose     | {"caseId":"c","authorityId":"a","channel":"LETTER","filedBy":"RELATIVE","date":"last spring","summary":"s"} | date
            missing date      | {"caseId":"c","authorityId":"a","channel":"LETTER","filedBy":"RELATIVE","summary":"s"}                    | date
            blank summary     | {"caseId":"c","authorityId":"a","channel":"LETTER","filedBy":"RELATIVE","date":"2019-03-04","summary":" "} | summary
            missing case      | {"authorityId":"a","channel":"LETTER","filedBy":"RELATIVE","date":"2019-03-04","summary":"s"}             | caseId
            misspelt field    | {"caseId":"c","authorityId":"a","chanel":"LETTER","filedBy":"RELATIVE","date":"2019-03-04","summary":"s"}  | chanel
            date in future    | {"caseId":"c","authorityId":"a","channel":"LETTER","filedBy":"RELATIVE","date":"2999-01-01","summary":"s"} | date
            """)
    void rejectsInvalidAppealNamingTheFieldAndStoresNothing(String problem, String body, String field) {
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals", body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains(field);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void canRecordResponseFollowUpAndClosure() throws Exception {
        String appealId = filedAppeal(knownCase(), "kg-foreign-ministry");

        assertThat(post("/api/appeals/" + appealId + "/follow-ups",
                "{\"channel\":\"IN_PERSON\",\"date\":\"" + today() + "\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/appeals/" + appealId + "/responses",
                "{\"type\":\"DENIED\",\"date\":\"" + today() + "\",\"summary\":\"No grounds\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/appeals/" + appealId + "/closure",
                "{\"outcome\":\"NO_RESULT\",\"date\":\"" + today() + "\"}").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        assertThat(eventTypesOf(appealId)).containsExactly("AppealFiled", "AppealFollowedUp",
                "AppealResponseRecorded", "AppealClosed");
        assertThat(scheduledDeadlinesOf(appealId)).isZero();
    }

    @Test
    void responseOnClosedAppealConflictsAndStoresNothing() throws Exception {
        String appealId = filedAppeal(knownCase(), "kg-ombudsman");
        post("/api/appeals/" + appealId + "/closure", "{\"outcome\":\"WITHDRAWN\",\"date\":\"" + today() + "\"}");

        ResponseEntity<String> response = post("/api/appeals/" + appealId + "/responses",
                "{\"type\":\"TOKEN\",\"date\":\"" + today() + "\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("closed");
        assertThat(eventTypesOf(appealId)).containsExactly("AppealFiled", "AppealClosed");
    }

    @Test
    void retryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndStoresNothing() throws Exception {
        String caseId = knownCase();
        String key = UUID.randomUUID().toString();
        long before = storedEvents();

        ResponseEntity<String> first = post("/api/appeals", appeal(caseId, "kz-ombudsman", today()), key, null);
        ResponseEntity<String> retry = post("/api/appeals", appeal(caseId, "kz-ombudsman", today()), key, null);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(json.readTree(retry.getBody())).isEqualTo(json.readTree(first.getBody()));
        assertThat(retry.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag());
        assertThat(storedEvents()).isEqualTo(before + 1);
    }

    @Test
    void answerNamingAStaleVersionIsRefusedWith412AndStoresNothing() throws Exception {
        ResponseEntity<String> filed = post("/api/appeals", appeal(knownCase(), "kg-ombudsman", today()));
        String appealId = json.readTree(filed.getBody()).get("appealId").asText();
        String etag = filed.getHeaders().getETag();
        assertThat(post("/api/appeals/" + appealId + "/follow-ups",
                "{\"channel\":\"LETTER\",\"date\":\"" + today() + "\"}", null, etag).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        long before = storedEvents();

        ResponseEntity<String> stale = post("/api/appeals/" + appealId + "/responses",
                "{\"type\":\"TOKEN\",\"date\":\"" + today() + "\"}", null, etag);

        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(stale.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void responseForUnknownAppealIsNotFound() {
        ResponseEntity<String> response = post("/api/appeals/no-such-appeal/responses",
                "{\"type\":\"DENIED\",\"date\":\"" + today() + "\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void rejectsResponseOfUnknownTypeListingTheKnownOnes() throws Exception {
        String appealId = filedAppeal(knownCase(), "kz-ombudsman");

        ResponseEntity<String> response = post("/api/appeals/" + appealId + "/responses",
                "{\"type\":\"MAYBE\",\"date\":\"" + today() + "\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("type").contains("INFORMATION_REQUESTED");
    }

    @Test
    void escalationFilesLinkedAppealForTheSameCase() throws Exception {
        String caseId = knownCase();
        String appealId = filedAppeal(caseId, "cn-consulate-almaty");

        ResponseEntity<String> response = post("/api/appeals/" + appealId + "/escalations", """
                {"authorityId":"un-wgeid","channel":"UN_COMMUNICATION","filedBy":"NGO","date":"%s",
                 "summary":"Urgent action request"}""".formatted(today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = json.readTree(response.getBody());
        String escalatedId = body.get("appealId").asText();
        assertThat(body.get("escalatedFrom").asText()).isEqualTo(appealId);
        assertThat(body.get("responseDueOn").asText()).isEqualTo(today().plusDays(60).toString());
        assertThat(eventTypesOf(appealId)).containsExactly("AppealFiled", "AppealEscalated");
        assertThat(eventTypesOf(escalatedId)).containsExactly("AppealFiled");
        assertThat(jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?")
                .param(escalatedId).query(String.class).single()).contains(caseId);
    }

    @Test
    void escalationToTheSameAuthorityConflictsAndStoresNothing() throws Exception {
        String appealId = filedAppeal(knownCase(), "kz-foreign-ministry");
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals/" + appealId + "/escalations", """
                {"authorityId":"kz-foreign-ministry","channel":"LETTER","filedBy":"LAWYER","date":"%s",
                 "summary":"Again"}""".formatted(today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void authorityRegisterShipsWithTheSeedAndGrowsThroughTheApi() throws Exception {
        JsonNode seeded = json.readTree(http.getForEntity("/api/authorities", String.class).getBody());
        assertThat(seeded.findValuesAsText("authorityId"))
                .contains("kz-foreign-ministry", "kz-ombudsman", "kg-foreign-ministry", "kg-ombudsman",
                        "cn-embassy-bishkek", "cn-consulate-almaty", "un-wgeid", "un-wgad");

        ResponseEntity<String> registered = postAsAdmin("/api/authorities", """
                {"name":"Parliament of the Kyrgyz Republic (Jogorku Kenesh)","kind":"PARLIAMENT","country":"KG",
                 "expectedResponseDays":45}""");

        assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String authorityId = json.readTree(registered.getBody()).get("authorityId").asText();
        JsonNode shown = json.readTree(http.getForEntity("/api/authorities/" + authorityId, String.class).getBody());
        assertThat(shown.get("kind").asText()).isEqualTo("PARLIAMENT");
        assertThat(shown.get("expectedResponseDays").asInt()).isEqualTo(45);
        assertThat(eventTypesOf(authorityId)).containsExactly("AuthorityRegistered");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            country not a code | {"name":"X","kind":"COURT","country":"Kazakhstan","expectedResponseDays":30} | country
            no expected time   | {"name":"X","kind":"COURT","country":"KZ"}                                  | expectedResponseDays
            zero days          | {"name":"X","kind":"COURT","country":"KZ","expectedResponseDays":0}         | expectedResponseDays
            unknown kind       | {"name":"X","kind":"KING","country":"KZ","expectedResponseDays":30}         | kind
            """)
    void rejectsInvalidAuthorityNamingTheField(String problem, String body, String field) {
        long before = storedEvents();

        ResponseEntity<String> response = postAsAdmin("/api/authorities", body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains(field);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void describesItsApiInOpenApi() {
        ResponseEntity<String> response = http.getForEntity("/v3/api-docs", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("caseledger appeal-service")
                .contains("/api/appeals/{appealId}/escalations").contains("/api/authorities");
    }

    private String knownCase() {
        String caseId = CaseId.random().value();
        PersonalDataTestKeys.holder().keyFor(caseId);
        cases.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                new Person("Гүлнар Төлегенқызы"),
                new Detention(ApproximateDate.parse("2018-02"), "Ghulja", DetentionKind.CAMP),
                new Source(SourceType.RELATIVE_TESTIMONY)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM known_case WHERE case_id = ?").param(caseId).query(Long.class).single() == 1);
        return caseId;
    }

    private String filedAppeal(String caseId, String authorityId) throws Exception {
        ResponseEntity<String> response = post("/api/appeals", appeal(caseId, authorityId, today()));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return json.readTree(response.getBody()).get("appealId").asText();
    }

    private static String appeal(String caseId, String authorityId, LocalDate date) {
        return """
                {"caseId":"%s","authorityId":"%s","channel":"LETTER","filedBy":"RELATIVE","date":"%s",
                 "summary":"Asked where he is held"}""".formatted(caseId, authorityId, date);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
