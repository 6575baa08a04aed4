package org.caseledger.projections.readmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/admin/projections}: each read model with its stored positions, the topics' ends as the broker has
 * them, and the records it has not applied, checked against the broker and the position table read directly, and
 * against a read model stopped while records arrive.
 */
class ReadModelsIT extends RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "interview");

    @Autowired
    @Qualifier("caseHistoryConsumer")
    TopicConsumer caseHistory;

    @Test
    void listsEveryReadModelWithItsTopics() {
        JsonNode standings = standings();

        Map<String, String> topics = new HashMap<>();
        standings.get("consumers").forEach(model -> topics.put(model.get("name").asText(),
                model.get("topics").toString()));
        assertThat(topics).containsOnlyKeys("projections.appeals", "projections.case-history",
                "projections.case-search", "projections.case-status", "projections.statistics",
                "projections.timeline");
        assertThat(topics.get("projections.appeals")).isEqualTo("[\"" + Topics.APPEALS + "\"]");
        assertThat(topics.get("projections.timeline")).isEqualTo("[\"" + Topics.CASES + "\"]");
        assertThat(standings.get("brokerUnavailable").isNull()).isTrue();
    }

    @Test
    void positionsAreTheStoredOnesAndEndsTheBrokers() {
        publishCase(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> lag(standings(), "projections.case-status") == 0);

        JsonNode caseStatus = model(standings(), "projections.case-status");
        Map<TopicPartition, Long> ends = endsOnTheBroker(Topics.CASES);
        assertThat(caseStatus.get("partitions")).hasSize(ends.size());
        for (JsonNode partition : caseStatus.get("partitions")) {
            TopicPartition topicPartition = new TopicPartition(partition.get("topic").asText(),
                    partition.get("partition").asInt());
            long stored = jdbc.sql("""
                            SELECT coalesce(max(next_offset), 0) FROM consumer_position
                             WHERE consumer_name = 'projections.case-status' AND topic = ? AND partition_no = ?""")
                    .params(topicPartition.topic(), topicPartition.partition()).query(Long.class).single();
            assertThat(partition.get("position").asLong()).as(topicPartition + " position").isEqualTo(stored);
            assertThat(partition.get("end").asLong()).as(topicPartition + " end")
                    .isEqualTo(ends.get(topicPartition));
            assertThat(partition.get("lag").asLong()).as(topicPartition + " lag").isZero();
        }
        assertThat(caseStatus.get("applied").asLong())
                .isEqualTo(ends.values().stream().mapToLong(Long::longValue).sum());
        assertThat(caseStatus.get("running").asBoolean()).isTrue();
        assertThat(caseStatus.get("lastAppliedAt").isTextual()).isTrue();
    }

    @Test
    void readModelStoppedWhileRecordsArriveShowsThemAsLagAndCatchesUpOnceStarted() {
        await().atMost(Duration.ofSeconds(60)).until(() -> lag(standings(), "projections.case-history") == 0);
        caseHistory.stop();
        try {
            publishCase(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> lag(standings(), "projections.case-status") == 0);

            JsonNode stopped = model(standings(), "projections.case-history");
            assertThat(stopped.get("running").asBoolean()).isFalse();
            assertThat(stopped.get("lag").asLong()).isEqualTo(3);
        } finally {
            caseHistory.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> lag(standings(), "projections.case-history") == 0);
    }

    @Test
    void belowAdminNobodyReadsIt() {
        ResponseEntity<String> operator = http.exchange("/api/admin/projections", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.OPERATOR)), String.class);

        assertThat(operator.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private void publishCase(int events) {
        String caseId = UUID.randomUUID().toString();
        CaseId id = new CaseId(caseId);
        try (TopicWriter topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES,
                "Case", "volunteer-3")) {
            topic.publish(caseId, 0, new DetentionReported(id, 1 + System.nanoTime() % 999_999, new Person("Ayim"),
                    new Detention(ApproximateDate.parse("2018-04"), "Kashgar", DetentionKind.CAMP), SOURCE));
            for (int sequence = 1; sequence < events; sequence++) {
                topic.publish(caseId, sequence, new CaseVisibilityChanged(id,
                        sequence % 2 == 1 ? Visibility.RESTRICTED : Visibility.PUBLIC, "family asked"));
            }
        }
    }

    private JsonNode standings() {
        ResponseEntity<String> response = http.exchange("/api/admin/projections", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        try {
            return JSON.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode model(JsonNode standings, String name) {
        return StreamSupport.stream(standings.get("consumers").spliterator(), false)
                .filter(model -> model.get("name").asText().equals(name))
                .findFirst().orElseThrow();
    }

    private static long lag(JsonNode standings, String name) {
        return model(standings, name).get("lag").asLong();
    }

    private static Map<TopicPartition, Long> endsOnTheBroker(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                RealInfrastructure.get().kafkaBootstrapServers(), "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }
}
