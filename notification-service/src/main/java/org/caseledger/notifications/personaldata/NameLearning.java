package org.caseledger.notifications.personaldata;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the cases topic from its start for the names of cases that a subscription including personal data now
 * covers. It runs as a db-scheduler task, so a restart resumes it, and one instance runs it. It reads with its own
 * consumer, without a group and without storing positions: the topic keeps every event, and what it stores is
 * written only when missing. An opening is read with its personal values withheld: {@link PersonNames} opens the
 * openings of covered cases with the data keys.
 */
public final class NameLearning {

    static final String TASK = "person-names-learning";

    private static final Logger log = LoggerFactory.getLogger(NameLearning.class);
    private static final String OPENING = EventCatalogue.nameOf(DetentionReported.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LONGEST_READ = Duration.ofMinutes(30);

    private NameLearning() {
    }

    static TaskInstance<Void> instance() {
        return new TaskInstance<>(TASK, "cases-topic");
    }

    public static Task<Void> task(PersonNames names, KafkaSettings kafka, TransactionTemplate transaction) {
        return Tasks.custom(TASK, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .execute((instance, context) -> {
                    long learnt = read(names, kafka, transaction);
                    log.info("Read the cases topic for the names of cases covered by personal-data subscriptions; "
                            + "{} openings looked at", learnt);
                    return (complete, operations) -> operations.remove();
                });
    }

    private static long read(PersonNames names, KafkaSettings kafka, TransactionTemplate transaction) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "notification-service.name-learning",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> info = consumer.partitionsFor(Topics.CASES, kafka.sendTimeout());
            if (info == null || info.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = info.stream()
                    .map(partition -> new TopicPartition(Topics.CASES, partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, kafka.sendTimeout());
            long deadline = System.nanoTime() + LONGEST_READ.toNanos();
            long openings = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The cases topic was not read to its end within " + LONGEST_READ);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (isOpening(record)) {
                        ConsumedEvent event = ConsumedEvent.from(record, EventJson.mapper());
                        transaction.executeWithoutResult(status -> names.remember(event));
                        openings++;
                    }
                }
            }
            return openings;
        }
    }

    private static boolean isOpening(ConsumerRecord<String, byte[]> record) {
        var type = record.headers().lastHeader(EventHeaders.EVENT_TYPE);
        return type != null && OPENING.equals(new String(type.value(), StandardCharsets.UTF_8));
    }
}
