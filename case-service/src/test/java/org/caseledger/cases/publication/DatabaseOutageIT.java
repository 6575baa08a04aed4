package org.caseledger.cases.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.RestartablePostgres;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stopped and started again while operators keep opening cases. While it is down a write is answered 503
 * problem+json with {@code Retry-After}, never a 500 and never half-stored; once it is back the service takes writes
 * again by itself, publishes what it had stored, and a client that sends its refused requests again with the same
 * {@code Idempotency-Key} ends with every case recorded once: none lost, none twice, case numbers without a gap.
 * <p>
 * The service runs on a PostgreSQL server of this test's own, which it stops (fast shutdown: open transactions rolled
 * back, connections cut) and starts again on the same port and data; Kafka is the shared broker.
 */
@DirtiesContext
@Import(SignedInClient.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIT {

    static final int CLIENTS = 3;
    static final RestartablePostgres postgres = RestartablePostgres.start();
    static final TestDatabase database = postgres.database("cases_db_outage");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.registerDatabase(registry, database);
        PersonalDataTestKeys.registerHolder(registry);
        registry.add("caseledger.kafka.bootstrap-servers", RealInfrastructure.get()::kafkaBootstrapServers);
    }

    @AfterAll
    static void removeServer() {
        postgres.delete();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;

    final ObjectMapper json = new ObjectMapper();
    /** Each request's key and the answers it got, in the order they came. */
    final Map<String, List<ResponseEntity<String>>> answers = new ConcurrentHashMap<>();
    final Set<String> keys = ConcurrentHashMap.newKeySet();

    @Test
    void writesAreRefusedWithRetryAfterWhileTheDatabaseIsDownAndNoneIsLostOrDoubled() throws Exception {
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            load.add(clients.submit(() -> {
                while (loading.get()) {
                    open(UUID.randomUUID().toString());
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> count(HttpStatus.CREATED) >= 10);

            postgres.stop();
            long acceptedBefore = count(HttpStatus.CREATED);
            await().atMost(Duration.ofSeconds(90)).until(() -> count(HttpStatus.SERVICE_UNAVAILABLE) >= 2 * CLIENTS);

            postgres.restart();
            await().atMost(Duration.ofSeconds(120)).until(() -> count(HttpStatus.CREATED) >= acceptedBefore + 10);
        } finally {
            loading.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> client : load) {
            client.get(); // a request that got no answer at all fails the test here
        }

        List<ResponseEntity<String>> refusals = answers.values().stream().flatMap(List::stream)
                .filter(answer -> !answer.getStatusCode().is2xxSuccessful()).toList();
        assertThat(refusals).isNotEmpty().allSatisfy(refusal -> {
            assertThat(refusal.getStatusCode()).as(refusal.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(refusal.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refusal.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            assertThat(json.readTree(refusal.getBody()).path("detail").asText()).contains("send it again");
        });

        // The client's part: each refused request again, with its own key, until it is taken.
        for (String key : keys) {
            await().atMost(Duration.ofSeconds(60)).until(() -> last(key).getStatusCode().is2xxSuccessful()
                    || open(key).getStatusCode().is2xxSuccessful());
        }

        Map<String, JsonNode> cases = new ConcurrentHashMap<>();
        for (String key : keys) {
            cases.put(key, json.readTree(last(key).getBody()));
        }
        Set<String> answeredCaseIds = cases.values().stream().map(body -> body.get("caseId").asText())
                .collect(Collectors.toSet());
        assertThat(answeredCaseIds).as("one case per request").hasSize(keys.size());
        assertThat(storedCaseIds()).as("stored cases").containsExactlyInAnyOrderElementsOf(answeredCaseIds);
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE sequencenumber NOT IN (0, 1)")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single())
                .as("each case stored whole: its fact and its status").isEqualTo(2L * keys.size());
        assertThat(cases.values().stream().map(body -> body.get("caseNumber").asLong()).sorted().toList())
                .as("case numbers, unique and without a gap")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, keys.size()).boxed().toList());

        List<String> stored = jdbc.sql("SELECT eventidentifier FROM domainevententry").query(String.class).list();
        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> publishedOf(topic, stored).containsAll(stored));
        }
    }

    private ResponseEntity<String> open(String key) {
        keys.add(key);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        ResponseEntity<String> answer = http.postForEntity("/api/cases", new HttpEntity<>("""
                {"person":{"name":"Person %s"},"detention":{"date":"2018","kind":"PRETRIAL"},
                 "source":{"type":"MEDIA_REPORT"}}""".formatted(key), headers), String.class);
        answers.computeIfAbsent(key, ignored -> new CopyOnWriteArrayList<>()).add(answer);
        return answer;
    }

    private ResponseEntity<String> last(String key) {
        List<ResponseEntity<String>> got = answers.get(key);
        return got.get(got.size() - 1);
    }

    private long count(HttpStatus status) {
        return answers.values().stream().flatMap(List::stream)
                .filter(answer -> answer.getStatusCode().isSameCodeAs(status)).count();
    }

    private Set<String> storedCaseIds() {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT aggregateidentifier FROM domainevententry")
                .query(String.class).list());
    }

    private static Set<String> publishedOf(TopicReader topic, List<String> stored) {
        Set<String> wanted = Set.copyOf(stored);
        return topic.records().stream().map(record -> TopicReader.header(record, EventHeaders.EVENT_ID))
                .filter(wanted::contains).collect(Collectors.toSet());
    }
}
