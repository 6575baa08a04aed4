package org.caseledger.bench.limits;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A topic of the harness's own on the stack's broker, laid out like the cases topic (its partitions, one replica
 * here) and deleted once the broker's limits are measured. The broker's own settings, such as flushing every
 * append to disk, apply to it as to every topic.
 */
final class ScratchTopic implements AutoCloseable {

    private static final Duration CONSUME_LIMIT = Duration.ofMinutes(5);

    private final Admin admin;
    private final String bootstrapServers;
    private final String name = "caseledger.bench.scratch-" + UUID.randomUUID();
    private final int partitions;

    private ScratchTopic(Admin admin, String bootstrapServers, int partitions) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
    }

    static ScratchTopic create(String bootstrapServers, String likeTopic, int defaultPartitions) throws Exception {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        try {
            int partitions = partitionsOf(admin, likeTopic, defaultPartitions);
            ScratchTopic topic = new ScratchTopic(admin, bootstrapServers, partitions);
            short replicas = (short) Math.min(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            admin.createTopics(List.of(new NewTopic(topic.name, partitions, replicas))).all().get(30, TimeUnit.SECONDS);
            return topic;
        } catch (Exception e) {
            admin.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    int partitions() {
        return partitions;
    }

    /** The broker's settings that decide durability, as the broker reports them. */
    String durability() throws Exception {
        Node node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
        Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER,
                node.idString()))).all().get(30, TimeUnit.SECONDS).values().iterator().next();
        return "log.flush.interval.messages=" + config.get("log.flush.interval.messages").value()
                + ", min.insync.replicas=" + config.get("min.insync.replicas").value();
    }

    /** Reads every record of the topic from the start with one consumer; records per second. */
    double consumeAll() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "caseledger-bench-limit",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // as many as the services' consumers take per poll
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(name).stream()
                    .map(partition -> new TopicPartition(name, partition.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long total = consumer.endOffsets(all).values().stream().mapToLong(Long::longValue).sum();
            long start = System.nanoTime();
            long deadline = start + CONSUME_LIMIT.toNanos();
            long read = 0;
            while (read < total) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Read " + read + " of " + total + " records of " + name + " in "
                            + CONSUME_LIMIT);
                }
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            admin.deleteTopics(List.of(name)).all().get(60, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }

    private static int partitionsOf(Admin admin, String topic, int defaultPartitions)
            throws InterruptedException, java.util.concurrent.TimeoutException, ExecutionException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return defaultPartitions;
            }
            throw e;
        }
    }
}
