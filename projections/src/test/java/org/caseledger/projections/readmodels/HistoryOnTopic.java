package org.caseledger.projections.readmodels;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.serialization.Revision;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.projections.statistics.GeneratedLedger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * A generated history of cases (the statistics tests' {@link GeneratedLedger}) put on the cases topic as the publisher
 * puts it, many records in flight at once, so a test or a benchmark can write a hundred thousand events in seconds;
 * with their appeals on the appeals topic when asked. Its case numbers start at a random point far above any other
 * test's, since the case model holds them unique.
 */
final class HistoryOnTopic {

    private HistoryOnTopic() {
    }

    /** Publishes {@code cases} generated cases; returns their case ids and the records written. */
    static Written publish(String bootstrapServers, int cases) {
        return publish(bootstrapServers, cases, false);
    }

    /**
     * Publishes {@code cases} generated cases and their appeals, after the authorities' registrations (which a second
     * history registers again, a record its consumer has applied already).
     */
    static Written publishWithAppeals(String bootstrapServers, int cases) {
        return publish(bootstrapServers, cases, true);
    }

    private static Written publish(String bootstrapServers, int cases, boolean withAppeals) {
        long seed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        long firstNumber = 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000) * 100_000;
        GeneratedLedger ledger = new GeneratedLedger(seed);
        List<String> caseIds = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        long records = 0;
        long appealRecords = 0;
        awaitLeaders(bootstrapServers, withAppeals ? List.of(Topics.CASES, Topics.APPEALS) : List.of(Topics.CASES));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            if (withAppeals) {
                for (ConsumedEvent event : ledger.authorities()) {
                    sent.add(producer.send(record(event)));
                    appealRecords++;
                }
            }
            for (long number = firstNumber; number < firstNumber + cases; number++) {
                List<ConsumedEvent> all = ledger.caseNumber(number);
                List<ConsumedEvent> events = all.stream()
                        .filter(event -> Topics.CASES.equals(event.topic()))
                        .toList();
                caseIds.add(events.get(0).aggregateId());
                for (ConsumedEvent event : events) {
                    sent.add(producer.send(record(event)));
                    records++;
                }
                if (withAppeals) {
                    for (ConsumedEvent event : all) {
                        if (Topics.APPEALS.equals(event.topic())) {
                            sent.add(producer.send(record(event)));
                            appealRecords++;
                        }
                    }
                }
            }
            producer.flush();
        }
        for (Future<RecordMetadata> record : sent) {
            try {
                record.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("A record of the history was not written: " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the history was written", e);
            }
        }
        return new Written(List.copyOf(caseIds), records, appealRecords);
    }

    /**
     * Until every partition of the topics, which the application declares as its consumers start, has a leader: a
     * producer that sent to a partition whose leader was still being elected once kept failing its batches
     * ({@code NOT_LEADER_OR_FOLLOWER}, then {@code OUT_OF_ORDER_SEQUENCE_NUMBER}) until they expired.
     */
    private static void awaitLeaders(String bootstrapServers, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> admin.describeTopics(topics)
                    .allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty()));
        }
    }

    /**
     * @param records       the records written on the cases topic
     * @param appealRecords those written on the appeals topic
     */
    record Written(List<String> caseIds, long records, long appealRecords) {
    }

    private static ProducerRecord<String, byte[]> record(ConsumedEvent event) {
        Object payload = event.payload().orElseThrow();
        Revision revision = payload.getClass().getAnnotation(Revision.class);
        RecordHeaders headers = new RecordHeaders();
        add(headers, EventHeaders.EVENT_TYPE, event.type());
        add(headers, EventHeaders.EVENT_REVISION, revision == null ? "1" : revision.value());
        add(headers, EventHeaders.EVENT_ID, event.eventId());
        add(headers, EventHeaders.AGGREGATE_ID, event.aggregateId());
        add(headers, EventHeaders.AGGREGATE_TYPE, Topics.CASES.equals(event.topic()) ? "Case"
                : payload.getClass().getSimpleName().startsWith("Authority") ? "Authority" : "Appeal");
        add(headers, EventHeaders.SEQUENCE, Long.toString(event.sequence()));
        add(headers, EventHeaders.TIMESTAMP, event.timestamp().toString());
        event.recordedBy().ifPresent(recordedBy -> add(headers, EventHeaders.RECORDED_BY, recordedBy));
        try {
            return new ProducerRecord<>(event.topic(), null, event.aggregateId(),
                    EventJson.mapper().writeValueAsBytes(payload), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
