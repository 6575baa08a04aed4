package org.caseledger.projections.readmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.caseledger.api.Topics;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a test of the default build (its name is no {@code *IT}): puts a generated history of at least
 * {@code caseledger.benchmark.events} events (100,000 unless told) on the cases topic, lets every live read model build
 * it, then for each of {@code caseledger.benchmark.models} measures in turn, on the same broker in the same JVM, how
 * fast a bare Kafka consumer reads the whole topic (records polled, nothing applied) and how fast a rebuild of that
 * read model goes (records applied to the copy per second, as its progress reports it over the whole rebuild, and from
 * the request to the switch). For the statistics that is the rebuild of the appeals and the statistics together, its
 * records both copy consumers' (the history then has its appeals on the appeals topic too; the raw consumer reads the
 * cases topic alone); with {@code -Dcaseledger.benchmark.in-place=true} it measures the statistics filled
 * again in place instead, as they were rebuilt before they could be rebuilt beside the live model: their consumer
 * stopped, their tables and positions emptied, the consumer started, and the time until it has applied the whole
 * topic again. The command is in docs/read-models.md, with the figures, which go to
 * {@code target/rebuild-benchmark.txt}.
 */
class RebuildBenchmark extends RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The models filled again in place, with the tables their consumer writes. */
    private static final Map<String, List<String>> FILLED_IN_PLACE = Map.of(
            "projections.statistics", List.of("statistics_case", "statistics_fact"));

    @Autowired
    private List<TopicConsumer> consumers;

    @Test
    void measuresARebuildBesideARawConsumerOfTheSameTopic() throws Exception {
        long wanted = Long.getLong("caseledger.benchmark.events", 100_000);
        List<String> models = List.of(System.getProperty("caseledger.benchmark.models",
                "projections.case-history,projections.case-status").split(","));
        long published = 0;
        long publishedAppeals = 0;
        long started = System.nanoTime();
        boolean withAppeals = models.contains("projections.statistics") || models.contains("projections.appeals");
        while (published < wanted) {
            HistoryOnTopic.Written written = withAppeals
                    ? HistoryOnTopic.publishWithAppeals(RealInfrastructure.get().kafkaBootstrapServers(), 5000)
                    : HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 5000);
            published += written.records();
            publishedAppeals += written.appealRecords();
        }
        double publishSeconds = (System.nanoTime() - started) / 1e9;
        await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(1)).until(this::allCaughtUp);

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "published %d events on the cases topic and %d on the appeals topic in "
                + "%.1f s", published, publishedAppeals, publishSeconds));
        for (String model : models) {
            long[] raw = rawRead();
            double rawSeconds = raw[1] / 1e9;
            lines.add(String.format(Locale.ROOT, "raw consumer: %d records, %.1f MB in %.1f s: %.0f records/s",
                    raw[0], raw[2] / 1e6, rawSeconds, raw[0] / rawSeconds));
            if (FILLED_IN_PLACE.containsKey(model) && Boolean.getBoolean("caseledger.benchmark.in-place")) {
                lines.add(filledAgain(model, raw[0]));
                continue;
            }

            Instant requested = Instant.now();
            ResponseEntity<String> accepted = http.exchange("/api/admin/projections/" + model + "/rebuild",
                    HttpMethod.POST, new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
            assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
            await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode last = model(model).path("lastRebuild");
                return "DONE".equals(last.path("state").asText())
                        && Instant.parse(last.path("finishedAt").asText()).isAfter(requested);
            });
            JsonNode last = model(model).path("lastRebuild");
            double wholeSeconds = Duration.between(requested, Instant.parse(last.path("finishedAt").asText()))
                    .toMillis() / 1000.0;
            lines.add(String.format(Locale.ROOT, "rebuild of %s: %d records, %.0f records/s while building; "
                            + "%.1f s from the request to the switch (%.0f records/s)", model,
                    last.path("done").asLong(), last.path("eventsPerSecond").asDouble(), wholeSeconds,
                    last.path("done").asLong() / wholeSeconds));
            lines.add("load average " + loadAverage());
        }
        Path report = Path.of("target", "rebuild-benchmark.txt");
        Files.write(report, lines);
        lines.forEach(System.out::println);
    }

    /**
     * Fills a model again in place, as docs/read-models.md says a model can still be rebuilt, and times it from the
     * consumer's start until it has no lag. Its tables are emptied as their owner: the
     * service's own role may not truncate them.
     */
    private String filledAgain(String model, long records) throws Exception {
        TopicConsumer consumer = consumers.stream().filter(candidate -> candidate.name().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError("No consumer " + model));
        consumer.stop();
        TestDatabase database = RealInfrastructure.get().database("projections");
        JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), database.ownerRole(),
                database.ownerPassword())).sql("TRUNCATE " + String.join(", ", FILLED_IN_PLACE.get(model))).update();
        for (String table : List.of("consumer_position", "applied_sequence", "parked_record")) {
            jdbc.sql("DELETE FROM " + table + " WHERE consumer_name = :model").param("model", model).update();
        }
        long started = System.nanoTime();
        consumer.start();
        await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> model(model).path("lag").asLong(-1) == 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "filled %s again in place: %d records in %.1f s: %.0f records/s; "
                + "load average %s", model, records, seconds, records / seconds, loadAverage());
    }

    private static String loadAverage() throws Exception {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).strip() : "unknown";
    }

    /** Reads the cases topic from its beginning to its present end: records, nanoseconds, bytes. */
    private static long[] rawRead() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CASES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            long bytes = 0;
            long started = System.nanoTime();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += record.serializedValueSize();
                }
            }
            return new long[] {records, System.nanoTime() - started, bytes};
        }
    }

    /**
     * Every live consumer has applied all there is: a rebuild measured while the others still catch up on the history
     * would share the cores and the database with them, and its pace would say more about them than about itself.
     */
    private boolean allCaughtUp() throws Exception {
        JsonNode standings = JSON.readTree(http.exchange("/api/admin/projections", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class).getBody());
        for (JsonNode model : standings.get("consumers")) {
            if (model.path("lag").asLong(-1) != 0) {
                return false;
            }
        }
        return true;
    }

    private JsonNode model(String name) throws Exception {
        JsonNode standings = JSON.readTree(http.exchange("/api/admin/projections", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class).getBody());
        for (JsonNode model : standings.get("consumers")) {
            if (model.get("name").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError("No read model " + name);
    }
}
