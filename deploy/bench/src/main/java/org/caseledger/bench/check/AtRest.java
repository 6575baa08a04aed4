package org.caseledger.bench.check;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.caseledger.bench.stack.Stack;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the stack had finished its own work when the run began: every consumer of the cases topic at the topic's
 * end. A run started right after an import, a restart or a rebuild would otherwise measure its limits and first phase
 * on cores the consumers still spend catching up (deploy/local/README.md, The benchmark).
 *
 * @param waited how long the run waited for them, and those still short of the topic's end when the time was up
 */
public record AtRest(ConsumerPositions.Waited waited) {

    private static final Duration BETWEEN_LOOKS = Duration.ofMillis(200);

    /** Waits until every consumer has stored a position at the topic's committed end, as it is at each look. */
    public static AtRest await(Stack stack, Duration longest) throws SQLException {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, "caseledger-bench-at-rest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = kafka.partitionsFor(Stack.CASES_TOPIC, Duration.ofSeconds(30)).stream()
                    .map(partition -> new TopicPartition(Stack.CASES_TOPIC, partition.partition())).toList();
            return new AtRest(ConsumerPositions.await(stack, longest, BETWEEN_LOOKS, () -> end(kafka, partitions)));
        }
    }

    private static Map<Integer, Long> end(KafkaConsumer<?, ?> kafka, List<TopicPartition> partitions) {
        Map<Integer, Long> end = new HashMap<>();
        kafka.endOffsets(partitions, Duration.ofSeconds(30))
                .forEach((partition, offset) -> end.put(partition.partition(), offset));
        return end;
    }

    /** A line of the table's heading. */
    public String describe() {
        double waitedSeconds = waited.seconds();
        if (waited.behind().isEmpty()) {
            return String.format(Locale.ROOT, "stack at rest at the start: every consumer of %s at its end%s",
                    Stack.CASES_TOPIC, waitedSeconds < 0.5 ? "" : String.format(Locale.ROOT,
                            " after waiting %.1f s for them", waitedSeconds));
        }
        return String.format(Locale.ROOT, "stack busy at the start: after %.0f s, %s still behind the end of %s; the "
                        + "first phases share the machine with their catch-up", waitedSeconds,
                String.join(", ", waited.behind()), Stack.CASES_TOPIC);
    }

    /** For the JSON. */
    public Map<String, Object> asMap() {
        return Map.of("waitedSeconds", waited.seconds(), "behind", waited.behind());
    }
}
