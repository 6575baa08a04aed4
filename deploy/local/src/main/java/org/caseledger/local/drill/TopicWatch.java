package org.caseledger.local.drill;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the topic from its beginning, without a consumer group, for as long as the drill runs, through every
 * broker's outage: how often each event id is on it, and when it was first seen.
 */
final class TopicWatch implements AutoCloseable {

    record Seen(long firstSeenNanos, AtomicInteger times) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    TopicWatch(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "broker-drill-reader",
                // as every consumer of the topic: a batch whose publication was aborted and sent again counts once
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.reader = new Thread(this::read, "drill-topic-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** How often the event was on the topic so far; 0 when not yet. */
    int times(String eventId) {
        Seen event = seen.get(eventId);
        return event == null ? 0 : event.times().get();
    }

    /** When the event was first seen ({@link System#nanoTime()}), or {@code -1}. */
    long firstSeen(String eventId) {
        Seen event = seen.get(eventId);
        return event == null ? -1 : event.firstSeenNanos();
    }

    private void read() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                partitions = partitions();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader(FaultDrill.EVENT_ID_HEADER);
                    if (id != null) {
                        long now = System.nanoTime();
                        seen.computeIfAbsent(new String(id.value(), StandardCharsets.UTF_8),
                                key -> new Seen(now, new AtomicInteger())).times().incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke the reader up to end it.
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** None while the topic is not there yet, or while the cluster is too busy to say within 10 s. */
    private List<TopicPartition> partitions() {
        try {
            List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            return found == null ? List.of() : found.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
        } catch (TimeoutException e) {
            return List.of();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join();
        consumer.close();
        if (failure != null) {
            throw failure;
        }
    }
}
