package org.caseledger.bench.limits;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the broker itself takes from one producer with the publisher's guarantees (acknowledged by all in-sync
 * replicas, idempotent): records the size of a case event, keyed by case and carrying the topic contract's headers.
 * Sends are asynchronous, up to {@value #BATCH} in flight, as a publisher that batches them would send.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KafkaBenchmarks {

    static final int BATCH = 5_000;
    /** Linger as Kafka 4's producers do by default; the records of a batch leave together. */
    static final int LINGER_MS = 5;
    /**
     * Room for a few hundred records per partition in one produce request: a broker that writes every append to
     * disk before it answers (log.flush.interval.messages=1) is bound by appends, not by records.
     */
    static final int BATCH_BYTES = 256 * 1024;

    /** Set before JMH runs; it creates the states itself, in this JVM (the limits run without a fork). */
    static volatile String bootstrapServers;
    static volatile String topic;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sendBatch(Producing producing) {
        for (int i = 0; i < BATCH; i++) {
            producing.send();
        }
        producing.awaitAcknowledged();
    }

    @State(Scope.Thread)
    public static class Producing {

        private static final int CASES = 10_000;

        KafkaProducer<String, byte[]> producer;
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final String[] cases = new String[CASES];
        long sent;

        @Setup(Level.Trial)
        public void open() {
            for (int i = 0; i < CASES; i++) {
                cases[i] = UUID.randomUUID().toString();
            }
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "caseledger-bench-limit",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
                    ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES),
                    new StringSerializer(), new ByteArraySerializer());
        }

        void send() {
            String caseId = cases[(int) (sent % CASES)];
            RecordHeaders headers = new RecordHeaders();
            header(headers, "event-type", "DetentionReported");
            header(headers, "event-revision", "2");
            header(headers, "event-id", UUID.randomUUID().toString());
            header(headers, "aggregate-id", caseId);
            header(headers, "aggregate-type", "Case");
            header(headers, "sequence", Long.toString(sent / CASES));
            header(headers, "timestamp", Instant.now().toString());
            header(headers, "correlation-id", caseId);
            header(headers, "recorded-by", "bench");
            producer.send(new ProducerRecord<>(topic, null, caseId, SampleEvent.PAYLOAD, headers), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            sent++;
        }

        void awaitAcknowledged() {
            producer.flush();
            Exception e = failure.get();
            if (e != null) {
                throw new IllegalStateException("The broker refused a record: " + e.getMessage(), e);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            producer.close();
        }

        private static void header(RecordHeaders headers, String key, String value) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
