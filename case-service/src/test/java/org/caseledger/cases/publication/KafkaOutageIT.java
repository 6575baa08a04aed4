package org.caseledger.cases.publication;

import org.caseledger.api.Topics;
import org.caseledger.platform.testing.KafkaServer;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka being down delays publication; it never fails a command and never loses an event.
 * <p>
 * Not a {@link org.caseledger.cases.RunningCaseService}: this service must start pointed at a broker that is not
 * there yet, with a database that holds only this test's events. Its context is closed after the test, so that it
 * does not go on calling the broker the test stopped.
 */
@DirtiesContext
@Import(SignedInClient.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "caseledger.kafka.send-timeout=2s")
class KafkaOutageIT {

    static final int KAFKA_PORT = freePort();
    static KafkaServer kafka;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.registerDatabase(registry, "cases_outage");
        registry.add("caseledger.kafka.bootstrap-servers", () -> "localhost:" + KAFKA_PORT);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;

    @Test
    void commandsSucceedWhileKafkaIsDownAndTheirEventsArriveOnceItIsBack() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        for (int i = 0; i < 20; i++) {
            ResponseEntity<String> response = http.postForEntity("/api/cases", new HttpEntity<>("""
                    {"person":{"name":"Person %d"},"detention":{"date":"2018","kind":"PRETRIAL"},
                     "source":{"type":"MEDIA_REPORT"}}""".formatted(i), headers), String.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%DetentionReported'")
                .query(Long.class).single()).isEqualTo(20);

        kafka = KafkaServer.embeddedOnPort(KAFKA_PORT);

        try (TopicReader topic = new TopicReader(kafka.bootstrapServers(), Topics.CASES)) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(topic.records().stream().map(record -> record.key()).distinct()).hasSize(20));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
