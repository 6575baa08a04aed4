package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.caseledger.api.Topics;
import org.caseledger.bench.history.HistoryGenerator;
import org.caseledger.bench.history.HistoryWriter;
import org.caseledger.bench.history.PersonHistory;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.TokenSource;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The statistics benchmark, run only when asked for by name (it is not an {@code *IT}): fills the ledger of the
 * end-to-end stack with a generated history through the services' APIs until the two topics hold the events asked
 * for, waits until projections has applied them, then times {@code GET /api/statistics} under several filters from
 * one client, one query after another, and prints p50 and p99 (also to {@code target/statistics-benchmark.txt}),
 * at each number of events asked for in turn:
 *
 * <pre>
 * mvn -B verify -pl deploy/local -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=StatisticsBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dcaseledger.benchmark.events=10000,100000,1000000
 * </pre>
 */
class StatisticsBenchmark {

    static final int PEOPLE_PER_ROUND = 250;
    static final int QUERIES = 200;
    static final int WARM_UP = 30;
    static final List<String> QUERIES_BY_FILTER = List.of("", "?prefecture=Ili", "?status=DETAINED&gender=FEMALE",
            "?detainedFrom=2017&detainedTo=2018-06", "?facility=106", "?ethnicity=Kazakh&county=Zhaosu");

    static ServiceProcess caseService;
    static ServiceProcess appealService;
    static ServiceProcess projections;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServices() {
        EndToEndStack stack = EndToEndStack.get();
        caseService = stack.caseService;
        projections = stack.projections;
        appealService = EndToEndStack.startAppealService(List.of(), List.of("--db-scheduler.polling-interval=1s"));
    }

    @AfterAll
    static void stopServices() {
        if (appealService != null) {
            appealService.close();
        }
    }

    @Test
    void measuresStatisticsQueriesOverAGeneratedHistory() throws Exception {
        long[] targets = Arrays.stream(System.getProperty("caseledger.benchmark.events", "100000,1000000").split(","))
                .mapToLong(Long::parseLong).sorted().toArray();
        long seed = Long.getLong("caseledger.benchmark.seed", 1);
        int clients = Integer.getInteger("caseledger.benchmark.clients", 8);
        Path file = Path.of("target", "statistics-benchmark.txt");
        List<String> report = new ArrayList<>();
        report.add("statistics benchmark: seed " + seed + ", " + clients + " clients writing, load average at start "
                + loadAverage());

        HistoryGenerator generator = new HistoryGenerator(seed);
        long people = 0;
        long started = System.nanoTime();
        try (EventsOnTopics eventsOnTopics = new EventsOnTopics();
             HistoryWriter writer = new HistoryWriter(
                new Http(TokenSource.supplied(() -> TestTokens.get().token(Role.OPERATOR))),
                new Http(TokenSource.supplied(() -> TestTokens.get().token(Role.ADMIN))),
                path -> URI.create(caseService.url(path)), path -> URI.create(appealService.url(path)), clients)) {
            for (long target : targets) {
                long writing = System.nanoTime();
                while (eventsOnTopics.count() < target) {
                    List<PersonHistory> round = LongStream.range(people, people + PEOPLE_PER_ROUND)
                            .mapToObj(generator::person).toList();
                    writer.write(round);
                    people += PEOPLE_PER_ROUND;
                    System.out.printf("%d people, %d events on the topics, %.0f s%n", people, eventsOnTopics.count(),
                            (System.nanoTime() - started) / 1e9);
                }
                report.add(String.format("generated: %d people so far, %d requests answered 201 (%d sent again after "
                                + "a server error), %d events on the topics; this step %.0f s, in all %.0f s", people,
                        writer.requests(), writer.serverErrors(), eventsOnTopics.count(),
                        (System.nanoTime() - writing) / 1e9, (System.nanoTime() - started) / 1e9));
                measure(people, report);
                report.forEach(System.out::println);
                Files.write(file, report);
            }
        }
    }

    /** Waits until projections has applied what was written, then times each query. */
    private void measure(long people, List<String> report) throws Exception {
        long caughtUpFrom = System.nanoTime();
        String[] last = {""};
        await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(10)).until(() -> {
            String now = statistics("");
            boolean settled = json.readTree(now).at("/byStatus/n").asLong() >= people && now.equals(last[0]);
            last[0] = now;
            return settled;
        });
        JsonNode settled = json.readTree(last[0]);
        report.add(String.format("projections settled %.0f s after the last request: %d cases counted, %d facts "
                        + "over time, %d appeals", (System.nanoTime() - caughtUpFrom) / 1e9,
                settled.at("/byStatus/n").asLong(), settled.at("/overTime/detentions/n").asLong()
                        + settled.at("/overTime/releases/n").asLong() + settled.at("/overTime/sentences/n").asLong()
                        + settled.at("/overTime/deaths/n").asLong(), settled.at("/appeals/n").asLong()));
        List<Long> all = new ArrayList<>();
        for (String query : QUERIES_BY_FILTER) {
            long[] nanos = timed(query);
            Arrays.sort(nanos);
            Arrays.stream(nanos).forEach(all::add);
            report.add(String.format("  GET /api/statistics%-40s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms", query,
                    percentile(nanos, 0.50), percentile(nanos, 0.99), nanos[nanos.length - 1] / 1e6));
        }
        long[] everything = all.stream().mapToLong(Long::longValue).sorted().toArray();
        report.add(String.format("  all %d queries: p50 %.1f ms, p99 %.1f ms; load average now %s",
                everything.length, percentile(everything, 0.50), percentile(everything, 0.99), loadAverage()));
        assertThat(everything).hasSize(QUERIES * QUERIES_BY_FILTER.size());
    }

    /** Latencies of one query, sent one after another by one client after a warm-up, in nanoseconds. */
    private long[] timed(String query) throws Exception {
        long[] nanos = new long[QUERIES];
        for (int i = -WARM_UP; i < QUERIES; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(projections.url("/api/statistics" + query)))
                    .header("Authorization", "Bearer " + TestTokens.get().token(Role.VIEWER)).build();
            long sent = System.nanoTime();
            HttpResponse<String> response = EndToEndStack.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (i >= 0) {
                nanos[i] = answered - sent;
            }
        }
        return nanos;
    }

    private String statistics(String query) throws Exception {
        HttpResponse<String> response = EndToEndStack.get(projections.url("/api/statistics" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static double percentile(long[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /**
     * The events committed on the two topics so far, counted record by record: an end offset also counts the
     * transaction markers the publisher writes with every batch, so adding up end offsets would stop the fill early.
     * Reads on from where it stopped, so each count costs only the records written since the last.
     */
    private static final class EventsOnTopics implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        private final List<TopicPartition> partitions = new ArrayList<>();
        private long events;

        EventsOnTopics() {
            for (String topic : List.of(Topics.CASES, Topics.APPEALS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads up to the last stable offsets of now: every record of a transaction committed by then. */
        long count() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                events += consumer.poll(Duration.ofMillis(500)).count();
            }
            return events;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
