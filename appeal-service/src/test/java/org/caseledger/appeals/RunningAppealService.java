package org.caseledger.appeals;

import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.LedgerTestKeys;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

/**
 * appeal-service on the real PostgreSQL and Kafka, started once for every integration test that extends this: one
 * Spring context, one database and the same topics for all of them. So a test files appeals of its own and counts
 * only what it changed, never what the tables or the topics hold in all. Its requests are an operator's unless a
 * test signs in otherwise. It signs a checkpoint of its event store every 20 events, and seals appeal summaries with
 * keys of the test's key holder ({@link PersonalDataTestKeys#holder()}).
 */
// Spring Boot's tests leave metrics unexported and tracing off unless asked; the services have both, so their
// tests do too.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignedInClient.class)
public abstract class RunningAppealService {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "appeals");
        LedgerTestKeys.register(registry, 20);
        PersonalDataTestKeys.registerConsumer(registry, PersonalDataTestKeys.holder().url());
    }

    @Autowired
    protected TestRestTemplate http;
    @LocalManagementPort
    protected int managementPort;
    @Autowired
    protected JdbcClient jdbc;

    /** The address of an actuator path: on the management port, apart from the API. */
    protected String management(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    protected ResponseEntity<String> post(String path, String body) {
        return post(path, body, null, null);
    }

    /** A write with the optional {@code Idempotency-Key} and {@code If-Match} headers (null leaves one out). */
    protected ResponseEntity<String> post(String path, String body, String idempotencyKey, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    /** A write only an admin may make, such as registering an authority. */
    protected ResponseEntity<String> postAsAdmin(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(TestTokens.get().token(Role.ADMIN));
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    /**
     * Every event in the store that a request can cause; compared before and after a request, it tells whether the
     * request stored any. The silences the service records by itself when a deadline fires (AppealResponseOverdue)
     * are left out: appeals other tests filed with past dates fall due while this one runs.
     */
    protected long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE payloadtype NOT LIKE '%.AppealResponseOverdue'")
                .query(Long.class).single();
    }

    /** The simple names of the appeal's or authority's events, in the order they were stored. */
    protected List<String> eventTypesOf(String aggregateId) {
        return jdbc.sql("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")
                .param(aggregateId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    /** Response deadlines of the appeal waiting in db-scheduler's table. */
    protected long scheduledDeadlinesOf(String appealId) {
        return jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE convert_from(task_data, 'UTF8') LIKE ?")
                .param("%" + appealId + "%").query(Long.class).single();
    }
}
