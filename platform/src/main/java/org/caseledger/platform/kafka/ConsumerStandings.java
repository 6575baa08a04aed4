package org.caseledger.platform.kafka;

import io.swagger.v3.oas.annotations.media.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where each consumer of a service stands against its topics: its position in every partition as stored with the rows
 * it wrote, the partition's end as the broker has it, and the records in between. Read from the database and the
 * broker, not from a running consumer's memory, so any instance answers the same, one that holds no partition too.
 * When the broker does not answer, the positions are still given, without ends or lag, and the answer says why.
 * <p>
 * It asks the broker through one admin client, made on the first question and kept until it is closed with the
 * service: a client made for each question (its thread, its connection, its metadata and its metrics) cost more than
 * the question, and a rebuild's progress, the benchmark or an operator's script ask every second or more often
 * (docs/read-models.md). The client reconnects by itself after the broker was away.
 */
public class ConsumerStandings implements AutoCloseable {

    private final KafkaSettings settings;
    private final JdbcClient jdbc;
    private final Function<Map<String, Object>, Admin> clients;
    private Admin admin;
    private boolean closed;

    public ConsumerStandings(KafkaSettings settings, JdbcClient jdbc) {
        this(settings, jdbc, Admin::create);
    }

    /** @param clients makes the admin client from its configuration */
    ConsumerStandings(KafkaSettings settings, JdbcClient jdbc, Function<Map<String, Object>, Admin> clients) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.clients = clients;
    }

    /**
     * @param position where the consumer reads next: its stored position, or the partition's start when it has stored
     *                 none (it starts at the earliest record)
     * @param end      the offset the next record on the partition will have; null when the broker did not answer
     * @param lag      records on the partition the consumer has not applied; null when the broker did not answer
     */
    public record PartitionStanding(String topic, int partition, long position, Long end, Long lag) {
    }

    /**
     * @param applied       offsets applied over all partitions (the sum of the positions; retention keeps every record,
     *                      and each of the publisher's transactions adds a marker, which takes an offset too)
     * @param lag           records waiting over all partitions; null when the broker did not answer
     * @param lastAppliedAt when it last stored a position; null before it applied anything
     */
    public record Standing(String name, List<String> topics, boolean running, long applied, Long lag,
                           Instant lastAppliedAt, List<PartitionStanding> partitions) {
    }

    /** @param brokerUnavailable why the ends are missing; null when the broker answered */
    @Schema(example = """
            {"consumers": [{"name": "projections.case-status", "topics": ["caseledger.cases.v1"], "running": true,
                            "applied": 1840, "lag": 3, "lastAppliedAt": "2026-03-02T10:15:30Z",
                            "partitions": [{"topic": "caseledger.cases.v1", "partition": 0, "position": 912,
                                            "end": 915, "lag": 3},
                                           {"topic": "caseledger.cases.v1", "partition": 1, "position": 928,
                                            "end": 928, "lag": 0}]}],
             "brokerUnavailable": null}""")
    public record Standings(List<Standing> consumers, String brokerUnavailable) {
    }

    public Standings of(List<TopicConsumer> consumers) {
        List<String> topics = consumers.stream().flatMap(consumer -> consumer.topics().stream()).distinct().sorted()
                .toList();
        Map<TopicPartition, long[]> ends;
        String unavailable = null;
        try {
            ends = startsAndEnds(topics);
        } catch (ExecutionException e) {
            ends = null;
            unavailable = e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    ? noAnswer()
                    : "Kafka refused to tell the topics' ends (" + e.getCause().getMessage()
                    + "); positions are as stored";
        } catch (TimeoutException e) {
            ends = null;
            unavailable = noAnswer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking Kafka for the topics' ends", e);
        }
        List<Standing> standings = new ArrayList<>();
        for (TopicConsumer consumer : consumers.stream().sorted(Comparator.comparing(TopicConsumer::name)).toList()) {
            standings.add(standing(consumer, ends));
        }
        return new Standings(List.copyOf(standings), unavailable);
    }

    /**
     * How many consumers are in the group now, as the broker has it (one per instance of a service that runs the
     * consumer); empty when the broker did not answer.
     */
    public OptionalInt members(String group) {
        Duration timeout = settings.sendTimeout();
        try {
            return OptionalInt.of(admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).members().size());
        } catch (ExecutionException | TimeoutException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Closes its admin client, if it made one; a question asked after is refused. */
    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(settings.sendTimeout());
            admin = null;
        }
    }

    /** The admin client, made on the first question, with every request bounded by the send time-out. */
    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("The consumers' standings were closed with the service");
        }
        if (admin == null) {
            admin = clients.apply(settings.adminClientConfig());
        }
        return admin;
    }

    private String noAnswer() {
        return "Kafka did not answer within " + settings.sendTimeout() + "; positions are as stored";
    }

    private Standing standing(TopicConsumer consumer, Map<TopicPartition, long[]> ends) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        Instant[] lastApplied = {null};
        jdbc.sql("""
                        SELECT topic, partition_no, next_offset, updated_at FROM consumer_position
                         WHERE consumer_name = :consumer""")
                .param("consumer", consumer.name())
                .query(row -> {
                    stored.put(new TopicPartition(row.getString(1), row.getInt(2)), row.getLong(3));
                    Timestamp updated = row.getTimestamp(4);
                    if (updated != null && (lastApplied[0] == null || updated.toInstant().isAfter(lastApplied[0]))) {
                        lastApplied[0] = updated.toInstant();
                    }
                });
        Map<TopicPartition, PartitionStanding> partitions = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (Map.Entry<TopicPartition, Long> position : stored.entrySet()) {
            if (consumer.topics().contains(position.getKey().topic())) {
                partitions.put(position.getKey(), partitionStanding(position.getKey(), position.getValue(), ends));
            }
        }
        if (ends != null) {
            for (TopicPartition partition : ends.keySet()) {
                if (consumer.topics().contains(partition.topic()) && !partitions.containsKey(partition)) {
                    partitions.put(partition, partitionStanding(partition, ends.get(partition)[0], ends));
                }
            }
        }
        long applied = partitions.values().stream().mapToLong(PartitionStanding::position).sum();
        Long lag = ends == null ? null : partitions.values().stream().mapToLong(PartitionStanding::lag).sum();
        return new Standing(consumer.name(), consumer.topics(), consumer.isRunning(), applied, lag, lastApplied[0],
                List.copyOf(partitions.values()));
    }

    private static PartitionStanding partitionStanding(TopicPartition partition, long position,
                                                       Map<TopicPartition, long[]> ends) {
        long[] startAndEnd = ends == null ? null : ends.get(partition);
        if (startAndEnd == null) {
            return new PartitionStanding(partition.topic(), partition.partition(), position, null, null);
        }
        long from = Math.max(position, startAndEnd[0]);
        return new PartitionStanding(partition.topic(), partition.partition(), from, startAndEnd[1],
                Math.max(0, startAndEnd[1] - from));
    }

    /** Each existing partition's first and next offset; a topic not declared yet has none. */
    private Map<TopicPartition, long[]> startsAndEnds(List<String> topics) throws ExecutionException,
            InterruptedException, TimeoutException {
        Duration timeout = settings.sendTimeout();
        Admin admin = admin();
        Map<String, TopicDescription> described = new HashMap<>();
        for (String topic : topics) {
            described(admin, topic, timeout).ifPresent(description -> described.put(topic, description));
        }
        List<TopicPartition> partitions = described.values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(info -> new TopicPartition(description.name(), info.partition())))
                .toList();
        Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest(), timeout);
        Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), timeout);
        return partitions.stream().collect(Collectors.toMap(Function.identity(),
                partition -> new long[] {starts.get(partition), ends.get(partition)}));
    }

    private static Optional<TopicDescription> described(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Offsets as a consumer of committed records sees them: a transaction still open is not yet waiting for it. */
    private static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions,
                                                     OffsetSpec spec, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> listed = admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return listed.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
