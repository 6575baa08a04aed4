package org.caseledger.bench.limits;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the broker takes from a producer configured as the services' event publisher is (acknowledged by all in-sync
 * replicas, idempotent, no linger, never giving a record up) and driven as it drives it: a batch of
 * {@value #BATCH} events sent at once, then every acknowledgement awaited before the next batch, as the publisher
 * awaits them before it moves its token. Run with one request in flight per broker, as the publisher keeps, and with
 * Kafka's default of five, to show what the one costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublisherSendBenchmarks {

    /** The publishing processor's default batch size ({@code caseledger.publishing.batch-size}). */
    static final int BATCH = 1_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sendBatchAndAwait(Publishing publishing) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            acknowledgements.add(publishing.send());
        }
        for (Future<RecordMetadata> acknowledgement : acknowledgements) {
            acknowledgement.get();
        }
    }

    @State(Scope.Thread)
    public static class Publishing {

        private static final int CASES = 10_000;

        @Param({"1", "5"})
        public int maxInFlight;

        KafkaProducer<String, byte[]> producer;
        final String[] cases = new String[CASES];
        long sent;

        @Setup(Level.Trial)
        public void open() {
            for (int i = 0; i < CASES; i++) {
                cases[i] = UUID.randomUUID().toString();
            }
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBenchmarks.bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "caseledger-bench-publisher-" + maxInFlight,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlight,
                    ProducerConfig.LINGER_MS_CONFIG, 0),
                    new StringSerializer(), new ByteArraySerializer());
        }

        Future<RecordMetadata> send() {
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
            sent++;
            return producer.send(new ProducerRecord<>(KafkaBenchmarks.topic, null, caseId, SampleEvent.PAYLOAD,
                    headers));
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
