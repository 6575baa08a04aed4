package org.caseledger.notifications.delivery;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.caseledger.api.Topics;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.notifications.support.WebhookReceiver;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reading the topics again from their start, as after a lost position or a rebuild, notifies nobody again. */
class ReplayIT extends RunningNotificationService {

    static final String CONSUMER = "notification-service.notices";

    @Autowired
    @Qualifier("noticesConsumer")
    TopicConsumer consumer;

    @Test
    void readingBothTopicsAgainFromTheirStartCreatesNoNewDelivery() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            OpenedCase nurlan = ledger.openCase();
            String ministry = ledger.registerAuthority("Ministry of Foreign Affairs of the Republic of Kazakhstan");
            awaitKnown(nurlan.caseId());
            Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(),
                    "STATUS_CHANGED", "RELEASE", "APPEAL_OVERDUE");
            receiver.verifyingWith(subscribed.secret());
            ledger.release(nurlan.caseId(), "2018-12");
            String appeal = ledger.fileAppeal(nurlan.caseId(), ministry, LocalDate.now(ZoneOffset.UTC).minusDays(40));
            ledger.overdue(appeal, ministry, LocalDate.now(ZoneOffset.UTC).minusDays(10));
            await().atMost(A_WHILE).until(() -> receiver.processed().size() == 3);
            long deliveries = jdbc.sql("SELECT count(*) FROM delivery").query(Long.class).single();
            int calls = receiver.calls();

            consumer.stop();
            jdbc.sql("DELETE FROM consumer_position WHERE consumer_name = ?").param(CONSUMER).update();
            consumer.start();

            await().atMost(A_WHILE).until(this::readToTheEnd);
            assertThat(jdbc.sql("SELECT count(*) FROM delivery").query(Long.class).single()).isEqualTo(deliveries);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.calls() == calls);
            assertThat(receiver.processed()).hasSize(3);
        }
    }

    private boolean readToTheEnd() {
        Map<TopicPartition, Long> end = endOffsets();
        Map<String, Long> stored = new java.util.HashMap<>();
        jdbc.sql("SELECT topic, partition_no, next_offset FROM consumer_position WHERE consumer_name = ?")
                .param(CONSUMER)
                .query((rs, n) -> stored.put(rs.getString("topic") + "-" + rs.getInt("partition_no"),
                        rs.getLong("next_offset")))
                .list();
        return end.entrySet().stream().filter(partition -> partition.getValue() > 0)
                .allMatch(partition -> partition.getValue().equals(stored.get(partition.getKey().toString())));
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Stream.of(Topics.CASES, Topics.APPEALS)
                    .flatMap(topic -> kafka.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            return kafka.endOffsets(partitions);
        }
    }
}
