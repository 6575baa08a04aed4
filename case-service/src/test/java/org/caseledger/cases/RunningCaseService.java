package org.caseledger.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.LedgerTestKeys;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;
/**
 * case-service on the real PostgreSQL and Kafka, started once for every integration test that extends this: one
 * Spring context, one database and one topic for all of them. So a test opens cases of its own and counts only what
 * it changed, never what the tables or the topic hold in all. Its requests are an operator's unless a test signs in
 * otherwise. It signs a checkpoint of its event store every 20 events.
 */
// Spring Boot's tests leave metrics unexported and tracing off unless asked; the services have both, so their
// tests do too.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignedInClient.class)
public abstract class RunningCaseService {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "cases");
        PersonalDataTestKeys.registerHolder(registry);
        LedgerTestKeys.register(registry, 20);
    }

    @Autowired
    protected TestRestTemplate http;
    @LocalManagementPort
    protected int managementPort;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected PersonalDataCodec personalData;

    /** A payload as stored, as the case reads it: its personal values opened with their subjects' keys. */
    protected JsonNode opened(String stored, Class<?> type) throws IOException {
        return personalData.open(new ObjectMapper().readTree(stored), type);
    }

    /** Every event in the store, as the case reads it: what a search of the store's text must look through. */
    protected List<String> everyEventOpened() {
        return jdbc.sql("SELECT convert_from(payload, 'UTF8') AS payload, payloadtype FROM domainevententry")
                .query((rows, n) -> {
                    String type = rows.getString("payloadtype");
                    try {
                        return opened(rows.getString("payload"), Class.forName(type)).toString();
                    } catch (IOException | ClassNotFoundException e) {
                        throw new IllegalStateException("A stored " + type + " is not readable", e);
                    }
                }).list();
    }

    /** The address of an actuator path: on the management port, apart from the API. */
    protected String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    protected ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return post(path, body, headers);
    }

    protected ResponseEntity<String> post(String path, String body, HttpHeaders headers) {
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    /**
     * How long each of {@code count} commands took, in nanoseconds, one client: half of them open a case with {@code
     * opening}, the other half each post {@code followUp} to the case just opened, at {@code /api/cases/{id}/<path>}.
     */
    protected List<Long> timedCommands(int count, String opening, String path, String followUp) throws IOException {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < count / 2; i++) {
            long started = System.nanoTime();
            ResponseEntity<String> opened = post("/api/cases", opening);
            nanos.add(System.nanoTime() - started);
            assertThat(opened.getStatusCode()).as(opened.getBody()).isEqualTo(HttpStatus.CREATED);
            String caseId = new ObjectMapper().readTree(opened.getBody()).get("caseId").asText();
            started = System.nanoTime();
            ResponseEntity<String> followed = post("/api/cases/" + caseId + "/" + path, followUp);
            nanos.add(System.nanoTime() - started);
            assertThat(followed.getStatusCode()).as(followed.getBody()).isEqualTo(HttpStatus.CREATED);
        }
        return nanos;
    }

    /** The mean of nanosecond timings, in milliseconds. */
    protected static double meanMillis(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElseThrow() / 1e6;
    }

    /** The median of nanosecond timings, in milliseconds. */
    protected static double medianMillis(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    /** Every event in the store; compared before and after a request, it tells whether the request stored any. */
    protected long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    /** Facts on record for the case, leaving out the status readings that follow them. */
    protected long eventsOf(String caseId) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                        + "AND payloadtype NOT LIKE '%CaseStatusDerived'")
                .param(caseId).query(Long.class).single();
    }

    /** The simple names of the case's events, in the order they were stored. */
    protected List<String> eventTypes(String caseId) {
        return jdbc.sql("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")
                .param(caseId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }
}
