package org.caseledger.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one consumer (one read model) shows of itself: records applied, redeliveries its sequence guards absorbed,
 * how far behind the topics it is, in records per partition and in seconds, and the Kafka client's own metrics.
 * Tags name the consumer, topic and partition, never anything a record holds.
 *
 * <p>A partition's lag gauge is registered the first time the consumer holds the partition and kept across
 * rebalances (reading nothing while the partition is elsewhere): a registry ignores a second gauge of the same name
 * and tags, and says so in its log. The meters are removed when the consumer is {@linkplain #close() closed} for good,
 * so that a later consumer of the same name, a read model's next rebuild, shows its own figures rather than those of
 * the one before, which the registry would otherwise keep answering with.
 *
 * <p>Consumers of one name side by side in one service (a rebuild's copy spread over several) share one instance: the
 * group's meters once, each partition's lag gauge once wherever the partition goes, and each Kafka client's own.
 */
final class ConsumerMetrics {

    private final String consumer;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final Set<TopicPartition> gauged = ConcurrentHashMap.newKeySet();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> applied = new ConcurrentHashMap<>();
    private final Map<String, Counter> absorbed = new ConcurrentHashMap<>();
    private final Timer delay;
    private volatile long lastAppliedTimestamp = -1;
    /** Of each Kafka client bound, whether its last poll found nothing waiting. */
    private final Map<Consumer<?, ?>, Boolean> caughtUp = new ConcurrentHashMap<>();
    private final Map<Consumer<?, ?>, KafkaClientMetrics> clientMetrics = new ConcurrentHashMap<>();

    ConsumerMetrics(String consumer, MeterRegistry registry, Clock clock) {
        this.consumer = consumer;
        this.registry = registry;
        this.clock = clock;
        this.delay = registered(Timer.builder("caseledger.consumer.delay")
                .description("From a record's timestamp on the topic to its application, committed, in the read model")
                .tag("consumer", consumer)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
        registered(Gauge.builder("caseledger.consumer.lag.seconds", this, ConsumerMetrics::secondsBehind)
                .description("Age of the newest record applied while records are waiting; 0 when caught up")
                .tag("consumer", consumer)
                .baseUnit("seconds")
                .register(registry));
    }

    void bind(Consumer<?, ?> kafka) {
        KafkaClientMetrics client = new KafkaClientMetrics(kafka, Tags.of("consumer", consumer));
        client.bindTo(registry);
        clientMetrics.put(kafka, client);
    }

    /** The Kafka client is closed, or never opened (null); the lag shown goes with the last one bound. */
    void unbind(Consumer<?, ?> kafka) {
        if (kafka != null) {
            KafkaClientMetrics client = clientMetrics.remove(kafka);
            if (client != null) {
                client.close();
            }
            caughtUp.remove(kafka);
        }
        if (clientMetrics.isEmpty()) {
            lag.clear();
        }
    }

    /** After a poll: how many records each assigned partition still holds beyond the consumer's position. */
    void polled(Consumer<?, ?> kafka, boolean empty) {
        long waiting = 0;
        for (TopicPartition partition : kafka.assignment()) {
            var current = kafka.currentLag(partition);
            if (current.isPresent()) {
                lag.put(partition, current.getAsLong());
                if (gauged.add(partition)) {
                    registered(Gauge.builder("caseledger.consumer.lag", lag, lags -> {
                                Long records = lags.get(partition);
                                return records == null ? Double.NaN : records;
                            })
                            .description("Records on the partition after the consumer's position")
                            .tags("consumer", consumer, "topic", partition.topic(),
                                    "partition", String.valueOf(partition.partition()))
                            .baseUnit("records")
                            .register(registry));
                }
                waiting += current.getAsLong();
            }
        }
        caughtUp.put(kafka, empty && waiting == 0);
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(lag::remove);
    }

    /** After the transaction that applied the records committed. */
    void applied(Collection<ConsumerRecord<String, byte[]>> records) {
        long now = clock.millis();
        long newest = -1;
        for (ConsumerRecord<String, byte[]> record : records) {
            counter(applied, "caseledger.consumer.records.applied",
                    "Records applied to the read model (redeliveries included)", record.topic()).increment();
            delay.record(Duration.ofMillis(Math.max(0, now - record.timestamp())));
            newest = Math.max(newest, record.timestamp());
        }
        if (newest >= 0) {
            lastAppliedTimestamp = newest;
        }
    }

    void absorbed(String topic) {
        counter(absorbed, "caseledger.consumer.redeliveries.absorbed",
                "Records the read model had applied already, recognised by their sequence and left without effect",
                topic).increment();
    }

    private Counter counter(Map<String, Counter> counters, String name, String description, String topic) {
        return counters.computeIfAbsent(topic, key -> registered(Counter.builder(name)
                .description(description)
                .tags("consumer", consumer, "topic", key)
                .register(registry)));
    }

    /** The consumer is done for good: its meters leave the registry, to a later consumer of its name. */
    void close() {
        clientMetrics.values().forEach(KafkaClientMetrics::close);
        clientMetrics.clear();
        caughtUp.clear();
        lag.clear();
        meters.forEach(registry::remove);
        meters.clear();
        gauged.clear();
        applied.clear();
        absorbed.clear();
    }

    private <M extends Meter> M registered(M meter) {
        meters.add(meter);
        return meter;
    }

    private double secondsBehind() {
        if (!caughtUp.containsValue(false) || lastAppliedTimestamp < 0) {
            return 0;
        }
        return Math.max(0, clock.millis() - lastAppliedTimestamp) / 1000.0;
    }
}
