package org.caseledger.platform.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.tracing.Span;
import org.apache.kafka.common.header.Header;
import org.caseledger.api.EventHeaders;
import org.caseledger.platform.logging.LogContext;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.tracing.TraceContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads caseledger topics into a projection. Kafka's own offset commits are not used: the next offset of every
 * partition is stored in the projection's database in the same transaction as the rows it wrote, and on every
 * assignment the consumer seeks to the stored position. A crash, a kill or a redelivery therefore never applies a
 * record twice or skips one. A batch that fails is rolled back and read again after a pause; nothing is skipped.
 */
public class TopicConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final String name;
    /** The Kafka client's id, and its thread's name: the name, or the name and its place among others of the name. */
    private final String clientId;
    private final List<String> topics;
    private final KafkaSettings settings;
    private final TopicDeclaration declaration;
    private final TransactionTemplate transaction;
    private final JdbcConsumerPositions positions;
    private final EventProjection projection;
    private final PersonalDataCodec codec;
    private final ConsumerMetrics metrics;
    private final TraceContexts traces;
    private final Runnable openingEachBatch;
    /** The position last stored of each assigned partition; read and written by the polling thread only. */
    private final Map<TopicPartition, Long> stored = new HashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    TopicConsumer(String name, String clientId, List<String> topics, KafkaSettings settings,
                  TopicDeclaration declaration, TransactionTemplate transaction, JdbcConsumerPositions positions,
                  EventProjection projection, PersonalDataCodec codec, ConsumerMetrics metrics, TraceContexts traces,
                  Runnable openingEachBatch) {
        this.name = name;
        this.clientId = clientId;
        this.topics = List.copyOf(topics);
        this.settings = settings;
        this.declaration = declaration;
        this.transaction = transaction;
        this.positions = positions;
        this.projection = projection;
        this.codec = codec;
        this.metrics = metrics;
        this.traces = traces;
        this.openingEachBatch = openingEachBatch;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "consumer-" + clientId);
        thread.start();
    }

    /** Stops reading after the batch in hand is stored; {@link #start()} starts it again from its stored positions. */
    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        lock.lock();
        try {
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    /**
     * Stops it for good: its meters leave the registry, so that a consumer of the same name started later (a read
     * model's next rebuild) shows its own figures.
     */
    public synchronized void close() {
        stop();
        metrics.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The stable name that keys its stored positions and is its Kafka consumer group. */
    public String name() {
        return name;
    }

    public List<String> topics() {
        return topics;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (running) {
            try {
                topics.forEach(declaration::ensure);
                consume();
                retry = FIRST_RETRY;
            } catch (WakeupException e) {
                // stop() woke the poll up; the loop condition ends the thread
            } catch (RuntimeException e) {
                log.error("Consumer {} failed and will read again from its stored position in {}: {}",
                        name, retry, e.getMessage(), e);
                pause(retry);
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private void consume() {
        try (Consumer<String, byte[]> kafka = new KafkaConsumer<>(kafkaConfig(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            metrics.bind(kafka);
            kafka.subscribe(topics, new SeekToStoredPositions(kafka));
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    codec.openingSoon(valuesOpenedOf(records));
                    transaction.executeWithoutResult(status -> {
                        openingEachBatch.run();
                        apply(kafka, records);
                    });
                    List<ConsumerRecord<String, byte[]>> applied = new ArrayList<>(records.count());
                    records.forEach(applied::add);
                    metrics.applied(applied);
                }
                storePositionsMovedWithoutRecords(kafka);
                metrics.polled(kafka, records.isEmpty());
            }
        } finally {
            Consumer<String, byte[]> closed = consumer;
            consumer = null;
            metrics.unbind(closed);
        }
    }

    /**
     * The group is the consumer's name, so a cluster's access rules can name the groups of each service. It reads
     * committed records only: a batch of events whose publication was aborted is sent again, and its first copy
     * must not count.
     */
    Map<String, Object> kafkaConfig() {
        return settings.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, name,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
    }

    /**
     * The poll's records are one batch ({@link EventProjection#beginBatch}), whatever partitions they come from: the
     * projection reads and locks what it needs of all their aggregates at once and writes what it held back once, and
     * the positions of every partition are stored in one statement, rather than all of it again for each partition.
     * A partition's records are applied in their order; an aggregate's records are all on one partition.
     *
     * <p>Each record is applied in a span that continues the trace its {@code traceparent} header names, so what a
     * projection logs carries the trace id of the request that caused the event, with its correlation id and actor.
     * Where traces are not followed (tracing off, a rebuild's copy) it is applied as it is, its header left unread.
     */
    private void apply(Consumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        projection.beginBatch(aggregatesOf(records));
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                Runnable applying = () -> {
                    ConsumedEvent event = ConsumedEvent.from(record, codec, () -> metrics.absorbed(record.topic()));
                    LogContext.during(event.correlationId().orElse(null), event.recordedBy().orElse(null),
                            () -> projection.apply(event));
                };
                if (traces.followed()) {
                    traces.continuing(traceparent(record), "apply " + name, Span.Kind.CONSUMER,
                            Map.of("messaging.destination.name", record.topic(), "messaging.consumer.group.name",
                                    name),
                            applying);
                } else {
                    applying.run();
                }
            }
            projection.finishBatch();
        } catch (RuntimeException e) {
            projection.abandonBatch();
            throw e;
        }
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            next.put(partition, Math.max(batch.get(batch.size() - 1).offset() + 1, kafka.position(partition)));
        }
        positions.store(next);
        stored.putAll(next);
    }

    /**
     * A partition's position also moves over offsets that hold no record a consumer sees: the marker that ends each
     * transaction of the publisher, the records of a transaction it aborted. Storing such a move keeps the stored
     * position at the partition's end once everything on it is applied, so the lag shown reaches zero.
     */
    private void storePositionsMovedWithoutRecords(Consumer<String, byte[]> kafka) {
        for (TopicPartition partition : kafka.assignment()) {
            Long known = stored.get(partition);
            if (known != null) {
                long position = kafka.position(partition);
                if (position > known) {
                    transaction.executeWithoutResult(status -> positions.store(partition, position));
                    stored.put(partition, position);
                }
            }
        }
    }

    /**
     * What a poll's records hold, for the codec to get the keys of their sealed values in one request before they are
     * opened (outside the transaction, which holds no connection while the keys are asked for): the records of the
     * types whose sealed values the projection opens ({@link EventProjection#opensSealedValues}), by their header. A
     * record without one fails where it is read.
     */
    private List<byte[]> valuesOpenedOf(ConsumerRecords<String, byte[]> records) {
        List<byte[]> values = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Header type = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
            if (type != null && projection.opensSealedValues(new String(type.value(), StandardCharsets.UTF_8))) {
                values.add(record.value());
            }
        }
        return values;
    }

    /** The aggregates a poll's records belong to, by their header; a record without one fails where it is read. */
    private static Set<String> aggregatesOf(ConsumerRecords<String, byte[]> records) {
        Set<String> aggregates = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Header header = record.headers().lastHeader(EventHeaders.AGGREGATE_ID);
            if (header != null) {
                aggregates.add(new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return aggregates;
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(EventHeaders.TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void pause(Duration duration) {
        lock.lock();
        try {
            if (running) {
                stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private final class SeekToStoredPositions implements ConsumerRebalanceListener {

        private final Consumer<String, byte[]> kafka;

        SeekToStoredPositions(Consumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                stored.remove(partition);
                positions.nextOffset(partition).ifPresentOrElse(
                        offset -> {
                            kafka.seek(partition, offset);
                            stored.put(partition, offset);
                        },
                        () -> kafka.seekToBeginning(List.of(partition)));
            }
            projection.partitionsAssigned();
            log.info("Consumer {} reads {} from its stored positions", name, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // positions are stored with every batch; there is nothing to commit here
            stored.keySet().removeAll(partitions);
            metrics.revoked(partitions);
        }
    }
}
