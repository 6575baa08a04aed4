package org.caseledger.projections.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.security.Reader;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.caseledger.projections.redaction.DataClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AccessLogIT extends RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DataSource dataSource;
    private static final Source SOURCE = new Source(SourceType.MEDIA_REPORT, Reliability.UNSURE, "a report");

    @Test
    void everyAnswerWithAPersonsDataLeavesOneRowAndAWithheldOneNone() throws Exception {
        String caseId = restrictedCase();

        read("/api/cases/" + caseId, Role.ANALYST);
        read("/api/cases/" + caseId, Role.VIEWER);
        read("/api/cases/" + caseId + "/timeline", Role.ANALYST);

        List<JsonNode> rows = logOf(caseId);
        assertThat(rows).hasSize(2);
        JsonNode timeline = rows.get(0);
        assertThat(timeline.get("endpoint").asText()).isEqualTo("GET /api/cases/{caseId}/timeline");
        assertThat(timeline.get("dataClasses").toString()).contains("PROVENANCE");
        JsonNode view = rows.get(1);
        assertThat(view.get("user").asText()).isEqualTo("analyst");
        assertThat(view.get("role").asText()).isEqualTo("ANALYST");
        assertThat(view.get("endpoint").asText()).isEqualTo("GET /api/cases/{caseId}");
        assertThat(view.get("caseIds").toString()).isEqualTo("[\"" + caseId + "\"]");
        assertThat(view.get("dataClasses").toString()).isEqualTo("[\"PERSON\"]");
        assertThat(logOf(caseId, "&user=viewer")).isEmpty();
    }

    @Test
    void theServiceCanNeitherChangeNorRemoveARowOfTheLog() throws Exception {
        String caseId = restrictedCase();
        read("/api/cases/" + caseId, Role.ANALYST);

        for (String tampering : List.of(
                "UPDATE access_log SET username = 'nobody' WHERE '" + caseId + "' = ANY (case_ids)",
                "DELETE FROM access_log WHERE '" + caseId + "' = ANY (case_ids)",
                "TRUNCATE access_log")) {
            assertThatThrownBy(() -> jdbc.sql(tampering).update()).as(tampering).rootCause()
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        assertThat(logOf(caseId)).hasSize(1);
    }

    @Test
    void theLogsOwnCommitLeavesEveryLaterTransactionOnTheConnectionWaitingForTheDisk() throws Exception {
        String caseId = CaseId.random().value();
        try (Connection connection = dataSource.getConnection()) {
            SingleConnectionDataSource one = new SingleConnectionDataSource(connection, true);
            JdbcClient onOne = JdbcClient.create(one);
            // The tests' database server does not wait for the disk by default; a production one does.
            onOne.sql("SET synchronous_commit = on").update();
            AccessLog log = new AccessLog(onOne, new TransactionTemplate(new DataSourceTransactionManager(one)),
                    Clock.systemUTC());

            log.read(new Reader("analyst", Role.ANALYST), "GET /api/cases/{caseId}", () -> "the answer",
                    answer -> new AccessLog.Disclosure(List.of(caseId), Set.of(DataClass.PERSON)));

            assertThat(onOne.sql("SELECT count(*) FROM access_log WHERE :caseId = ANY (case_ids)")
                    .param("caseId", caseId).query(Long.class).single()).isEqualTo(1);
            assertThat(onOne.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
        }
    }

    @Test
    void theIndexOfCaseIdsTakesEachEntryAsItIsWrittenLeavingNoPendingListForALaterReadToMerge() {
        assertThat(JdbcClient.create(dataSource)
                .sql("SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class"
                        + " WHERE relname = 'access_log_by_case'")
                .query(String.class).single()).isEqualTo("fastupdate=off");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an instant    | from=2026-13-01           | from
            empty window      | from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z | to
            page too large    | size=501                  | size
            no page at all    | size=0                    | size
            """)
    void badFiltersAreRefusedNamingTheParameter(String problem, String query, String field) {
        ResponseEntity<String> response = http.exchange("/api/admin/access-log?" + query, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("\"field\":\"" + field + "\"");
    }

    private String restrictedCase() {
        String caseId = CaseId.random().value();
        try (TopicWriter topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES,
                "Case", "volunteer-2")) {
            topic.publish(caseId, 0, new DetentionReported(new CaseId(caseId),
                    3_000_000_000L + System.nanoTime() % 1_000_000_000L, new Person("Ablikim Turdi"),
                    new Detention(ApproximateDate.parse("2018"), "Aksu", DetentionKind.PRISON), SOURCE));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get(caseId).getStatusCode() == HttpStatus.OK
                && http.getForEntity("/api/cases/" + caseId + "/timeline", String.class).getStatusCode() == HttpStatus.OK);
        return caseId;
    }

    private void read(String path, Role role) {
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(role)), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private List<JsonNode> logOf(String caseId) throws Exception {
        return logOf(caseId, "&user=analyst");
    }

    private List<JsonNode> logOf(String caseId, String filter) throws Exception {
        ResponseEntity<String> response = http.exchange("/api/admin/access-log?caseId=" + caseId + filter,
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> rows = new java.util.ArrayList<>();
        JSON.readTree(response.getBody()).get("items").forEach(rows::add);
        return rows;
    }
}
