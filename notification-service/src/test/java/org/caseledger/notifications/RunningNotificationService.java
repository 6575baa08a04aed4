package org.caseledger.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.notifications.support.CountingDataKeys;
import org.caseledger.notifications.support.LedgerTopics;
import org.caseledger.notifications.support.MovableClock;
import org.caseledger.platform.testing.FreePorts;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one running notification-service every integration test of this module shares (one Spring context): on the
 * real PostgreSQL and Kafka, reading the topics that {@link #ledger} writes, with a clock the tests move, webhooks
 * allowed to this machine (where the test receivers listen) and e-mail to an SMTP port that a test may open. The
 * cases' personal values are sealed on the topic with data keys the service is given, as case-service's are.
 */
// Spring Boot's tests leave metrics unexported and tracing off unless asked; the services have both, so their
// tests do too.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RunningNotificationService.MovableClockInitializer.class)
@Import(SignedInClient.class)
public abstract class RunningNotificationService {

    public static final MovableClock CLOCK = new MovableClock();
    public static final CountingDataKeys KEYS = new CountingDataKeys();
    public static final int SMTP_PORT = FreePorts.take(1)[0];
    protected static final LedgerTopics ledger = new LedgerTopics(RealInfrastructure.get().kafkaBootstrapServers(),
            KEYS);
    protected static final Duration A_WHILE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "notifications");
        registry.add("caseledger.notifications.webhooks.allow-loopback", () -> "true");
        registry.add("caseledger.notifications.webhooks.response-timeout", () -> "5s");
        registry.add("db-scheduler.polling-interval", () -> "200ms");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected JdbcClient jdbc;

    protected final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void realTimeAgain() {
        CLOCK.reset();
    }

    /** A webhook subscription as made through the API, with its secret. */
    public record Subscribed(String subscriptionId, String secret) {
    }

    protected Subscribed subscribeWebhook(String url, String caseId, String... kinds) {
        return subscribe("""
                {"channel":"WEBHOOK","url":"%s","events":%s,"caseId":%s}""".formatted(url, list(kinds), text(caseId)));
    }

    protected Subscribed subscribeEmail(String address, String caseId, boolean personalData, String... kinds) {
        return subscribe("""
                {"channel":"EMAIL","address":"%s","events":%s,"caseId":%s,"includePersonalData":%s}"""
                .formatted(address, list(kinds), text(caseId), personalData));
    }

    protected Subscribed subscribe(String body) {
        ResponseEntity<String> answer = post("/api/subscriptions", body);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(201);
        JsonNode created = read(answer.getBody());
        return new Subscribed(created.get("subscriptionId").asText(), created.path("secret").asText(null));
    }

    /** Waits until the service has read the case's opening from the topic, as a subscription to it requires. */
    protected void awaitKnown(String caseId) {
        await().atMost(A_WHILE).until(() -> jdbc.sql("SELECT count(*) FROM known_case WHERE case_id = ?")
                .param(caseId).query(Long.class).single() == 1);
    }

    protected List<JsonNode> deliveriesOf(String subscriptionId) {
        JsonNode page = read(http.getForObject("/api/deliveries?subscription=" + subscriptionId + "&size=500",
                String.class));
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        // Read while attempts are being recorded, a delivery's log and its count must still agree: one snapshot.
        assertThat(items).allSatisfy(delivery -> assertThat(delivery.get("attemptLog")).as(delivery.toString())
                .hasSize(delivery.get("attempts").asInt()));
        return items;
    }

    protected ResponseEntity<String> post(String path, String body) {
        return post(path, body, new HttpHeaders());
    }

    protected ResponseEntity<String> post(String path, String body, HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    protected JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String list(String... kinds) {
        return "[" + String.join(",", List.of(kinds).stream().map(kind -> "\"" + kind + "\"").toList()) + "]";
    }

    private static String text(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /**
     * Puts the test clock in place of the service's before its configuration is read, and gives it the data keys the
     * topics are sealed with, as the keys' holder would.
     */
    static class MovableClockInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("clock", CLOCK);
            context.getBeanFactory().registerSingleton("dataKeys", KEYS);
        }
    }
}
