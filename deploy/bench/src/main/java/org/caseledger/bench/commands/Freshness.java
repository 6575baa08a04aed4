package org.caseledger.bench.commands;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.caseledger.bench.check.ConsumerPositions;
import org.caseledger.bench.load.Latency;
import org.caseledger.bench.load.Tally;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.Stack;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an accepted command takes to reach the cases topic, and then the case view in projections, measured from
 * the 2xx answer. The topic leg is read by a consumer of the harness's own that matches records to commands by the
 * {@code aggregate-id} and {@code sequence} headers (the command's answer gives the case and the sequence of its
 * last event). The second leg is read from the positions projections stores with its rows, in the same transaction:
 * once its stored next offset for a partition has passed a record, that record's changes are visible to every
 * reader. One query every {@value #POLL_MILLIS} ms answers for all commands in flight, where polling the API per
 * command would load the very service being measured; every {@value #CONFIRM_EVERY}th command is confirmed through
 * {@code GET :8084/api/cases/{caseId}} as a user would read it.
 */
final class Freshness implements AutoCloseable {

    static final int POLL_MILLIS = 5;
    static final int CONFIRM_EVERY = 20;

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    private final Stack stack;
    private final Http http;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Connection positions;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Set<Tracked> awaitingView = ConcurrentHashMap.newKeySet();
    private final Map<String, Confirmations> confirmations = new ConcurrentHashMap<>();
    private final AtomicLong madeVisible = new AtomicLong();
    /** Per partition of the topic, the offset after the last record the harness's consumer has read. */
    private final Map<Integer, Long> seenEnd = new ConcurrentHashMap<>();
    private final ExecutorService confirming = Executors.newSingleThreadExecutor(runnable ->
            new Thread(runnable, "freshness-confirm"));
    private final Thread topicReader;
    private final Thread viewPoller;
    private volatile boolean running = true;
    private volatile String problem;

    private Freshness(Stack stack, Http http, KafkaConsumer<String, byte[]> consumer, Connection positions) {
        this.stack = stack;
        this.http = http;
        this.consumer = consumer;
        this.positions = positions;
        this.topicReader = new Thread(this::readTopic, "freshness-topic");
        this.viewPoller = new Thread(this::pollView, "freshness-view");
    }

    /** Starts reading at the topic's end, so only what is published from now on is matched. */
    static Freshness start(Stack stack, Http http) throws SQLException {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, "caseledger-bench-freshness",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Stack.CASES_TOPIC, Duration.ofSeconds(30)).stream()
                .map(partition -> new TopicPartition(Stack.CASES_TOPIC, partition.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Freshness freshness = new Freshness(stack, http, consumer,
                stack.databases().connect(stack.databaseNames().projections()));
        freshness.topicReader.start();
        freshness.viewPoller.start();
        return freshness;
    }

    void accepted(String phase, CaseCommands.Accepted command) {
        tracked.compute(key(command.caseId(), command.version()), (key, entry) -> {
            Tracked accepted = entry != null ? entry : new Tracked();
            accepted.phase = phase;
            accepted.caseId = command.caseId();
            accepted.version = command.version();
            accepted.acceptedNanos = command.answeredNanos();
            if (accepted.partition >= 0) {
                awaitingView.add(accepted);
            }
            return accepted;
        });
    }

    /**
     * Waits until every command accepted in the phase is visible in projections, or the time is up, then returns
     * the phase's figures and forgets its commands.
     */
    Outcome awaitPhase(String phase, Duration longest) throws InterruptedException, ExecutionException {
        long start = System.nanoTime();
        long deadline = start + longest.toNanos();
        while (pending(phase) > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        double drained = (System.nanoTime() - start) / 1e9;
        confirming.submit(() -> { }).get();
        Tally topic = new Tally();
        Tally view = new Tally();
        long accepted = 0;
        for (Tracked entry : List.copyOf(tracked.values())) {
            if (!phase.equals(entry.phase)) {
                continue;
            }
            accepted++;
            if (entry.partition >= 0) {
                topic.record("topic", Math.max(0, entry.topicNanos - entry.acceptedNanos));
            }
            if (entry.visibleNanos >= 0) {
                view.record("view", Math.max(0, entry.visibleNanos - entry.acceptedNanos));
            }
        }
        tracked.values().removeIf(entry -> entry.phase == null || entry.phase.equals(phase));
        awaitingView.removeIf(entry -> phase.equals(entry.phase));
        Confirmations confirmed = confirmations.getOrDefault(phase, new Confirmations());
        return new Outcome(accepted, topic.latency("topic"), view.latency("view"), confirmed.confirmed.get(),
                confirmed.refuted.get(), confirmed.firstRefutation, drained, problem);
    }

    /**
     * Waits until every consumer of the cases topic whose positions projections' database stores (its rebuilds' aside),
     * and appeal-service's known cases where that database is there, has stored a position past every record the
     * harness has read from the topic, or the time is up. Some consumers (the statistics) fall behind the case view
     * under load; the CPU of a phase is counted until they have done its work too.
     */
    ConsumerPositions.Waited awaitConsumers(Duration longest) throws SQLException {
        Map<Integer, Long> end = Map.copyOf(seenEnd);
        return ConsumerPositions.await(stack, longest, Duration.ofMillis(20), () -> end);
    }

    /**
     * @param toTopic    from the 2xx answer until the harness's consumer read the command's last event
     * @param toView     from the 2xx answer until projections had stored it
     * @param confirmed  sampled commands whose case view showed the command's version
     * @param refuted    sampled commands whose case view did not, though projections' position said it should
     */
    record Outcome(long accepted, Latency toTopic, Latency toView, long confirmed, long refuted, String firstRefutation,
                   double drainSeconds, String problem) {
    }

    @Override
    public void close() throws Exception {
        running = false;
        consumer.wakeup();
        topicReader.join(TimeUnit.SECONDS.toMillis(30));
        viewPoller.join(TimeUnit.SECONDS.toMillis(30));
        confirming.shutdown();
        confirming.awaitTermination(30, TimeUnit.SECONDS);
        positions.close();
    }

    private long pending(String phase) {
        return tracked.values().stream().filter(entry -> phase.equals(entry.phase) && entry.visibleNanos < 0).count();
    }

    private void readTopic() {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    seenEnd.merge(record.partition(), record.offset() + 1, Math::max);
                    String caseId = header(record, "aggregate-id");
                    String sequence = header(record, "sequence");
                    if (caseId == null || sequence == null) {
                        continue;
                    }
                    tracked.compute(key(caseId, Long.parseLong(sequence)), (key, entry) -> {
                        Tracked seen = entry != null ? entry : new Tracked();
                        if (seen.partition < 0) {
                            seen.topicNanos = now;
                            seen.offset = record.offset();
                            seen.partition = record.partition();
                            if (seen.acceptedNanos >= 0) {
                                awaitingView.add(seen);
                            }
                        }
                        return seen;
                    });
                }
            }
        } catch (WakeupException e) {
            // close() ends the reader
        } catch (RuntimeException e) {
            problem = "the harness's consumer of " + Stack.CASES_TOPIC + " failed: " + e;
        }
    }

    private void pollView() {
        try (PreparedStatement query = positions.prepareStatement(
                "SELECT partition_no, next_offset FROM consumer_position WHERE consumer_name = ? AND topic = ?")) {
            query.setString(1, Stack.CASE_VIEW_CONSUMER);
            query.setString(2, Stack.CASES_TOPIC);
            while (running) {
                Map<Integer, Long> next = new HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        next.put(rows.getInt(1), rows.getLong(2));
                    }
                }
                long now = System.nanoTime();
                for (Tracked entry : awaitingView) {
                    if (next.getOrDefault(entry.partition, 0L) > entry.offset) {
                        entry.visibleNanos = now;
                        awaitingView.remove(entry);
                        if (madeVisible.incrementAndGet() % CONFIRM_EVERY == 0) {
                            confirming.execute(() -> confirm(entry));
                        }
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
        } catch (SQLException | RuntimeException e) {
            problem = "reading projections' positions failed: " + e;
        }
    }

    private void confirm(Tracked entry) {
        Confirmations phase = confirmations.computeIfAbsent(entry.phase, key -> new Confirmations());
        try {
            Http.Response response = http.get(stack.projections("/api/cases/" + entry.caseId));
            Matcher version = VERSION.matcher(response.body());
            if (response.status() == 200 && version.find() && Long.parseLong(version.group(1)) >= entry.version) {
                phase.confirmed.incrementAndGet();
                return;
            }
            phase.refute("case " + entry.caseId + " at version " + entry.version + " answered " + response.status()
                    + " " + response.body());
        } catch (Exception e) {
            phase.refute("case " + entry.caseId + ": " + e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String key(String caseId, long sequence) {
        return caseId + "/" + sequence;
    }

    /** One command's last event, as it travels; -1 until known. Written under the map's lock or by the poller. */
    private static final class Tracked {
        volatile String phase;
        volatile String caseId;
        volatile long version = -1;
        volatile long acceptedNanos = -1;
        volatile long topicNanos = -1;
        volatile int partition = -1;
        volatile long offset = -1;
        volatile long visibleNanos = -1;
    }

    private static final class Confirmations {
        final AtomicLong confirmed = new AtomicLong();
        final AtomicLong refuted = new AtomicLong();
        volatile String firstRefutation;

        void refute(String detail) {
            if (refuted.getAndIncrement() == 0) {
                firstRefutation = detail;
            }
        }
    }
}
