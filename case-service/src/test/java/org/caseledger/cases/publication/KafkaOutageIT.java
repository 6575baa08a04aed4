package org.caseledger.cases.publication;

import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.platform.publishing.KafkaEventPublisher;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.RestartableKafka;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka going away in the middle of the stream delays publication; it never fails a command and never loses an
 * event, and the token of the publishing processor does not move past an event the broker has not acknowledged.
 * <p>
 * Not a {@link org.caseledger.cases.RunningCaseService}: this service talks to a broker of its own that the test
 * stops and starts again, with a database that holds only this test's events. Its context is closed after the test,
 * so that it does not go on calling that broker.
 */
@DirtiesContext
@Import(SignedInClient.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "caseledger.kafka.send-timeout=10s")
class KafkaOutageIT {

    /**
     * Long enough that a loaded machine does not time out a send the broker did take, which the publisher would then
     * send again (a duplicate, which consumers absorb, but which this test counts).
     */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    static final Pattern TOKEN_INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");
    static final RestartableKafka kafka = RestartableKafka.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.registerDatabase(registry, "cases_outage");
        PersonalDataTestKeys.registerHolder(registry);
        registry.add("caseledger.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopKafka() {
        kafka.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everyEventReachesTheTopicExactlyOnceAcrossABrokerOutage() {
        openCases(0, 10);
        try (TopicReader topic = new TopicReader(kafka.bootstrapServers(), Topics.CASES)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> eventIds(topic).size() >= storedEventIds().size());
            assertThat(eventIds(topic)).containsExactlyInAnyOrderElementsOf(storedEventIds());
        }

        kafka.stop();
        long lastPublished = lastStoredIndex();
        openCases(10, 20);
        assertThat(storedEventIds()).hasSize(40);
        // Longer than the producer gives a record before failing it: a publisher that moved its token without the
        // broker's acknowledgement would have lost these events by the time the broker is back.
        await().during(SEND_TIMEOUT.multipliedBy(2)).atMost(SEND_TIMEOUT.multipliedBy(4))
                .until(() -> publisherPosition() <= lastPublished);

        kafka.restart();
        openCases(20, 25);

        try (TopicReader topic = new TopicReader(kafka.bootstrapServers(), Topics.CASES)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> eventIds(topic).size() >= storedEventIds().size());
            assertThat(eventIds(topic)).hasSize(50).containsExactlyInAnyOrderElementsOf(storedEventIds());
        }
    }

    private void openCases(int from, int to) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        for (int i = from; i < to; i++) {
            ResponseEntity<String> response = http.postForEntity("/api/cases", new HttpEntity<>("""
                    {"person":{"name":"Person %d"},"detention":{"date":"2018","kind":"PRETRIAL"},
                     "source":{"type":"MEDIA_REPORT"}}""".formatted(i), headers), String.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
    }

    /** Every event id on the topic, as often as it is there. */
    private static List<String> eventIds(TopicReader topic) {
        return topic.records().stream()
                .map(record -> TopicReader.header(record, EventHeaders.EVENT_ID))
                .toList();
    }

    private List<String> storedEventIds() {
        return jdbc.sql("SELECT eventidentifier FROM domainevententry").query(String.class).list();
    }

    private long lastStoredIndex() {
        return jdbc.sql("SELECT max(globalindex) FROM domainevententry").query(Long.class).single();
    }

    /** The global index up to which the publishing processor has moved its token. */
    private long publisherPosition() {
        byte[] token = jdbc.sql("SELECT token FROM tokenentry WHERE processorname = ?")
                .param(KafkaEventPublisher.PROCESSING_GROUP).query(byte[].class).single();
        Matcher index = TOKEN_INDEX.matcher(new String(token, StandardCharsets.UTF_8));
        assertThat(index.find()).as("token %s", new String(token, StandardCharsets.UTF_8)).isTrue();
        return Long.parseLong(index.group(1));
    }
}
