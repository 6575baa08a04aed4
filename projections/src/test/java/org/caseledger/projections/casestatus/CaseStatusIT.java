package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.StoredPositions;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CaseStatusIT extends RunningProjections {

    static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY);
    static final AtomicLong CASE_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    static CaseTopic topic;

    /**
     * These tests pin how a topic written before the case derived its status still projects: there, the
     * projection's own date rule decides. Current topics are covered by {@link CaseRecordIT}.
     */
    @BeforeAll
    static void openTopic() {
        topic = CaseTopic.writtenBeforeDerivedStatus(RealInfrastructure.get().kafkaBootstrapServers());
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    @Autowired
    TopicConsumer caseStatusConsumer;

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
    void showsDetainedPersonAsReleasedOnceReleaseIsReported() throws Exception {
        String caseId = detained("2017-11");
        awaitVersion(caseId, 0);
        assertThat(json.readTree(get(caseId).getBody()).get("status").asText()).isEqualTo("DETAINED");

        topic.publish(caseId, 1, release(caseId, "2018-12", ReleaseConditions.SURVEILLANCE));

        JsonNode shown = awaitVersion(caseId, 1);
        assertThat(shown.get("status").asText()).isEqualTo("RELEASED");
        assertThat(shown.get("releaseConditions").asText()).isEqualTo("SURVEILLANCE");
        assertThat(shown.get("detentionKind").asText()).isEqualTo("CAMP");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2018-12");
        assertThat(shown.get("name").asText()).isEqualTo("Гүлнар Төлегенқызы");
        assertThat(shown.get("lastEventAt").asText()).isNotBlank();
    }

    @Test
    void releaseReportedLateButDatedBeforeTheDetentionDoesNotChangeTheStatus() throws Exception {
        String caseId = detained("2019-03");

        topic.publish(caseId, 1, release(caseId, "2018", ReleaseConditions.FREE));

        JsonNode shown = awaitVersion(caseId, 1);
        assertThat(shown.get("status").asText()).isEqualTo("DETAINED");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2019-03");
    }

    /**
     * The release is published again after a later one was applied, as a publisher that crashed before moving its
     * token would: applied a second time, it would take the case back to the version it had then.
     */
    @Test
    void eventPublishedTwiceIsAppliedOnce() throws Exception {
        String caseId = detained("2017");
        String releaseId = topic.publish(caseId, 1, release(caseId, "2018", ReleaseConditions.SURVEILLANCE));
        topic.publish(caseId, 2, release(caseId, "2019", ReleaseConditions.FREE));
        JsonNode applied = awaitVersion(caseId, 2);

        topic.publish(caseId, 1, release(caseId, "2018", ReleaseConditions.SURVEILLANCE), releaseId);
        StoredPositions.awaitReadPast(jdbc, "projections.case-status", topic.lastWritten());

        JsonNode shown = json.readTree(get(caseId).getBody());
        assertThat(shown.get("version").asLong()).isEqualTo(2);
        assertThat(shown.get("lastEventAt")).isEqualTo(applied.get("lastEventAt"));
        assertThat(shown.get("releaseConditions").asText()).isEqualTo("FREE");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2019");
    }

    /**
     * While the consumer is stopped, the row it wrote for a case is taken away: only reading the topic again from
     * before its stored position would bring it back.
     */
    @Test
    void consumerRestartedResumesFromItsStoredPosition() throws Exception {
        String before = detained("2017-05");
        awaitVersion(before, 0);

        caseStatusConsumer.stop();
        jdbc.sql("DELETE FROM case_fact WHERE case_id = ?").param(before).update();
        jdbc.sql("DELETE FROM case_status WHERE case_id = ?").param(before).update();
        String during = detained("2017-06");
        caseStatusConsumer.start();

        assertThat(awaitVersion(during, 0).get("status").asText()).isEqualTo("DETAINED");
        assertThat(get(before).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void listsCasesByStatusPageByPage() throws Exception {
        String caseId = detained("2016");
        awaitVersion(caseId, 0);

        JsonNode page = json.readTree(http.getForEntity("/api/cases?status=DETAINED&page=0&size=500",
                String.class).getBody());

        assertThat(page.get("size").asInt()).isEqualTo(500);
        assertThat(page.get("totalItems").asLong()).isEqualTo(detainedCount());
        assertThat(page.get("items").findValuesAsText("caseId")).contains(caseId);
        assertThat(page.get("items").findValuesAsText("status")).containsOnly("DETAINED");
    }

    @Test
    void unknownCaseIsNotFoundAsProblem() {
        ResponseEntity<String> response = get("no-such-case");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void unknownStatusIsRejectedListingTheKnownOnes() {
        ResponseEntity<String> response = http.getForEntity("/api/cases?status=VANISHED", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("status").contains("DETAINED");
    }

    @Test
    void oversizedPageIsRejected() {
        ResponseEntity<String> response = http.getForEntity("/api/cases?size=100000", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("size");
    }

    private String detained(String date) {
        String caseId = CaseId.random().value();
        topic.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                new Person("Гүлнар Төлегенқызы"),
                new Detention(ApproximateDate.parse(date), "Ghulja", DetentionKind.CAMP), WITNESS));
        return caseId;
    }

    private static ReleaseRecorded release(String caseId, String date, ReleaseConditions conditions) {
        return new ReleaseRecorded(new CaseId(caseId), ApproximateDate.parse(date), conditions, WITNESS);
    }

    private long detainedCount() {
        return jdbc.sql("SELECT count(*) FROM case_status WHERE status = 'DETAINED' AND merged_into IS NULL")
                .query(Long.class).single();
    }
}
