package org.caseledger.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * projections on the real PostgreSQL and Kafka, started once for every integration test that extends this: one
 * Spring context, one database and the same topics for all of them. So a test publishes cases and appeals of its
 * own and counts only what it changed, never what the read models hold in all. Its requests are an operator's
 * unless a test signs in otherwise.
 */
// Spring Boot's tests leave metrics unexported and tracing off unless asked; the services have both, so their
// tests do too.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SignedInClient.class)
public abstract class RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "projections");
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

    /** The case as {@code GET /api/cases/{caseId}} shows it. */
    protected ResponseEntity<String> get(String caseId) {
        return http.getForEntity("/api/cases/" + caseId, String.class);
    }

    /** Waits until the case is shown at the given version or a later one, and returns it as shown then. */
    protected JsonNode awaitVersion(String caseId, long version) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> version(caseId) >= version);
        return JSON.readTree(get(caseId).getBody());
    }

    private long version(String caseId) {
        ResponseEntity<String> response = get(caseId);
        if (response.getStatusCode() != HttpStatus.OK) {
            return -1;
        }
        try {
            return JSON.readTree(response.getBody()).get("version").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
