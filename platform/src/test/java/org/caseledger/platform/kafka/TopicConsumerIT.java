package org.caseledger.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.personaldata.RemoteDataKeys;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.MigratedDatabase;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.ServiceTracing;
import org.caseledger.platform.testing.StoredPositions;
import org.caseledger.platform.testing.TestKeyHolder;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.platform.tracing.TraceContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer on the real Kafka and PostgreSQL, its positions stored with what its projection wrote: a consumer
 * started again reads on from there, never again from the beginning.
 */
class TopicConsumerIT {

    static final DataSource database = MigratedDatabase.runtimeDataSource("platform_consumer");
    static final JdbcClient jdbc = JdbcClient.create(database);
    static final String KAFKA = RealInfrastructure.get().kafkaBootstrapServers();

    private final String topic = "caseledger.consumer-test-" + UUID.randomUUID();
    private final String name = "consumer-test-" + UUID.randomUUID();
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final TopicWriter writer = new TopicWriter(KAFKA, topic, "Case");
    private final KafkaSettings settings = new KafkaSettings(KAFKA, 2, (short) 1, Duration.ofSeconds(10), null);
    private final TopicConsumers consumers = new TopicConsumers(settings, new TopicDeclaration(settings),
            new TransactionTemplate(new DataSourceTransactionManager(database)), jdbc, new SimpleMeterRegistry(),
            TraceContexts.off());
    private TopicConsumer consumer;

    @BeforeEach
    void declareTopic() {
        new TopicDeclaration(settings).ensure(topic);
    }

    @AfterEach
    void stopConsumer() {
        if (consumer != null && consumer.isRunning()) {
            consumer.stop();
        }
        writer.close();
    }

    @Test
    void consumerNewToATopicReadsItFromTheBeginning() {
        String first = writer.publish(caseId(), 0, contactLost());
        consumer = start();

        await().atMost(Duration.ofSeconds(60)).until(() -> applied.contains(first));
        StoredPositions.awaitReadPast(jdbc, name, writer.lastWritten());
    }

    @Test
    void consumerStartedAgainReadsOnFromItsStoredPositionsNotFromTheBeginning() {
        consumer = start();
        String before = writer.publish(caseId(), 0, contactLost());
        await().atMost(Duration.ofSeconds(60)).until(() -> applied.contains(before));
        StoredPositions.awaitReadPast(jdbc, name, writer.lastWritten());

        consumer.stop();
        String during = writer.publish(caseId(), 0, contactLost());
        consumer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> applied.contains(during));
        StoredPositions.awaitReadPast(jdbc, name, writer.lastWritten());

        assertThat(applied).containsOnlyOnce(before, during);
    }

    @Test
    void batchThatFailsIsNotStoredAndIsReadAgain() {
        List<String> failed = new CopyOnWriteArrayList<>();
        consumer = consumers.consumer(name, List.of(topic), event -> {
            if (failed.isEmpty()) {
                failed.add(event.eventId());
                throw new IllegalStateException("the projection's database went away");
            }
            applied.add(event.eventId());
        });
        consumer.start();

        String eventId = writer.publish(caseId(), 0, contactLost());

        await().atMost(Duration.ofSeconds(60)).until(() -> applied.contains(eventId));
        assertThat(failed).containsExactly(eventId);
        StoredPositions.awaitReadPast(jdbc, name, writer.lastWritten());
    }

    /** The projection hears that the group gave the consumer its partitions before it applies their records. */
    @Test
    void aProjectionIsToldOfThePartitionsGivenBeforeTheirRecords() {
        String first = writer.publish(caseId(), 0, contactLost());
        List<String> calls = new CopyOnWriteArrayList<>();
        consumer = consumers.consumer(name, List.of(topic), new EventProjection() {
            @Override
            public void apply(ConsumedEvent event) {
                calls.add(event.eventId());
            }

            @Override
            public void partitionsAssigned() {
                calls.add("partitions given");
            }
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> calls.contains(first));
        assertThat(calls).startsWith("partitions given", first);
    }

    /**
     * A poll's records are one batch whatever partitions they come from: the projection is told of the aggregates of
     * both partitions at once, and the positions of both are stored with what it wrote.
     */
    @Test
    void aPollOfRecordsFromSeveralPartitionsIsAppliedAsOneBatch() {
        Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
        for (int i = 0; i < 20; i++) {
            String caseId = caseId();
            writer.publish(caseId, 0, contactLost());
            partitionOf.put(caseId, writer.lastWritten().partition());
        }
        assertThat(new HashSet<>(partitionOf.values())).as("partitions written").hasSize(2);
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        consumer = consumers.consumer(name, List.of(topic), new EventProjection() {
            @Override
            public void apply(ConsumedEvent event) {
                applied.add(event.aggregateId());
            }

            @Override
            public void beginBatch(Collection<String> aggregateIds) {
                batches.add(List.copyOf(aggregateIds));
            }
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> applied.containsAll(partitionOf.keySet()));
        assertThat(batches).as("batches, by the partitions of their aggregates").anySatisfy(batch ->
                assertThat(batch.stream().map(partitionOf::get).distinct()).hasSize(2));
        for (int partition = 0; partition < 2; partition++) {
            long end = committedEnd(new TopicPartition(topic, partition));
            int stored = partition;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("""
                            SELECT next_offset FROM consumer_position
                             WHERE consumer_name = ? AND topic = ? AND partition_no = ?""")
                    .params(name, topic, stored).query(Long.class).single())
                    .as("stored position of partition " + stored).isEqualTo(end));
        }
    }

    /**
     * The records of a transaction the publisher aborted are never applied; once the committed ones are, the stored
     * position is the partition's end, past the marker that ends each transaction, so the consumer shows no lag.
     */
    @Test
    void consumerAppliesCommittedRecordsOnlyAndStandsAtTheEndOfAPartitionWrittenInTransactions() {
        try (TopicWriter transactions = TopicWriter.transactional(KAFKA, topic, "Case")) {
            String caseId = caseId();
            transactions.begin();
            String aborted = transactions.publish(caseId, 0, contactLost());
            transactions.abort();
            transactions.begin();
            String committed = transactions.publish(caseId, 0, contactLost());
            transactions.commit();
            TopicPartition partition = new TopicPartition(topic, transactions.lastWritten().partition());

            consumer = start();

            await().atMost(Duration.ofSeconds(60)).until(() -> applied.contains(committed));
            long end = committedEnd(partition);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("""
                            SELECT next_offset FROM consumer_position
                             WHERE consumer_name = ? AND topic = ? AND partition_no = ?""")
                    .params(name, topic, partition.partition()).query(Long.class).single())
                    .as("stored position").isEqualTo(end));
            assertThat(applied).containsExactly(committed).doesNotContain(aborted);
        }
    }

    /**
     * The records of a poll name their subjects to the keys before they are opened: the keys of many new subjects come
     * in a request or two, not in one request each.
     */
    @Test
    void aPollsSealedRecordsAreOpenedWithKeysAskedForTogether() {
        TestKeyHolder holder = PersonalDataTestKeys.holder();
        PersonalDataCodec sealing = new PersonalDataCodec(EventJson.mapper(), holder.keys());
        List<String> names = IntStream.range(0, 40).mapToObj(i -> "Person " + i).toList();
        for (String person : names) {
            CaseId caseId = CaseId.random();
            writer.publishSealed(caseId.value(), 0, new DetentionReported(caseId, 1,
                    new Person(person, List.of(), Gender.FEMALE, null, null, List.of(), null, null),
                    new Detention(ApproximateDate.parse("2018"), "Ghulja", DetentionKind.CAMP),
                    new Source(SourceType.RELATIVE_TESTIMONY)), sealing);
        }
        List<String> opened = new CopyOnWriteArrayList<>();
        int requestsBefore = holder.requests();
        consumer = consumersWithKeysFrom(holder).consumer(name, List.of(topic),
                event -> event.payloadAs(DetentionReported.class).ifPresent(detention ->
                        opened.add(detention.person().name())));
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> opened.size() == names.size());
        assertThat(opened).containsExactlyInAnyOrderElementsOf(names);
        assertThat(holder.requests() - requestsBefore).isLessThan(5);
    }

    /**
     * A projection that reads a type's events with their personal values withheld has no key asked for on their
     * account, neither before the poll is applied nor as each is read; one type it opens has its subjects' keys.
     */
    @Test
    void noKeyIsAskedForTheRecordsOfATypeTheProjectionReadsWithheld() {
        TestKeyHolder holder = PersonalDataTestKeys.holder();
        PersonalDataCodec sealing = new PersonalDataCodec(EventJson.mapper(), holder.keys());
        List<CaseId> opened = IntStream.range(0, 10).mapToObj(i -> CaseId.random()).toList();
        for (int i = 0; i < opened.size(); i++) {
            writer.publishSealed(opened.get(i).value(), 0, new DetentionReported(opened.get(i), 100 + i,
                    new Person("Person " + i),
                    new Detention(ApproximateDate.parse("2018"), "Ghulja", DetentionKind.CAMP),
                    new Source(SourceType.RELATIVE_TESTIMONY)), sealing);
        }
        CaseId released = CaseId.random();
        holder.keyFor(released.value());
        writer.publishSealed(released.value(), 1, new ReleaseRecorded(released, ApproximateDate.parse("2020"),
                ReleaseConditions.FREE, new Source(SourceType.RELATIVE_TESTIMONY, Reliability.HIGH,
                "her sister's letter")), sealing);
        List<String> applied = new CopyOnWriteArrayList<>();
        consumer = consumersWithKeysFrom(holder).consumer(name, List.of(topic), EventHandlers.builder()
                .onWithheld(DetentionReported.class, (event, opening) -> applied.add(opening.caseNumber() + " "
                        + opening.person().name()))
                .on(ReleaseRecorded.class, (event, release) -> applied.add(release.source().reference()))
                .build());
        consumer.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> applied.size() == opened.size() + 1);
        assertThat(applied).containsAll(IntStream.range(0, opened.size())
                .mapToObj(i -> (100 + i) + " " + PersonalDataCodec.WITHHELD).toList())
                .contains("her sister's letter");
        assertThat(opened).noneMatch(caseId -> holder.askedFor(caseId.value()));
        assertThat(holder.askedFor(released.value())).isTrue();
    }

    /** Consumers that fetch their keys from the holder, as a service account of this test's own with the keys' role. */
    private TopicConsumers consumersWithKeysFrom(TestKeyHolder holder) {
        String secret = UUID.randomUUID().toString();
        TestTokens.get().serviceAccount(name, secret, List.of(Role.PERSONAL_DATA_KEYS.name()));
        return new TopicConsumers(settings, new TopicDeclaration(settings),
                new TransactionTemplate(new DataSourceTransactionManager(database)), jdbc, new SimpleMeterRegistry(),
                TraceContexts.off(), new RemoteDataKeys(URI.create(holder.url()),
                URI.create(TestTokens.get().issuer() + "/protocol/openid-connect/token"), name, secret,
                Clock.systemUTC()));
    }

    /**
     * Consumers of one name side by side (a rebuild's copy) share the topic's partitions as instances of a service
     * would: each applies records of its own, and together they apply every record once.
     */
    @Test
    void consumersOfOneNameSideBySideShareThePartitionsAndApplyEveryRecordOnce() {
        Map<String, String> appliedBy = new ConcurrentHashMap<>();
        List<String> twice = new CopyOnWriteArrayList<>();
        List<TopicConsumer> members = consumers.consumersInSchema(name, 2, List.of(topic),
                () -> event -> {
                    if (appliedBy.putIfAbsent(event.eventId(), Thread.currentThread().getName()) != null) {
                        twice.add(event.eventId());
                    }
                }, "public");
        List<String> published = new CopyOnWriteArrayList<>();
        members.forEach(TopicConsumer::start);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                published.add(writer.publish(caseId(), 0, contactLost()));
                return new HashSet<>(appliedBy.values()).size() == 2;
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> appliedBy.keySet().containsAll(published));
            StoredPositions.awaitReadPast(jdbc, name, writer.lastWritten());
        } finally {
            members.forEach(TopicConsumer::close);
        }

        assertThat(new HashSet<>(appliedBy.values())).containsExactlyInAnyOrder("consumer-" + name + "-1",
                "consumer-" + name + "-2");
        assertThat(appliedBy).hasSize(published.size());
        assertThat(twice).isEmpty();
    }

    /**
     * A rebuild's copy reads records no live consumer reads at that moment: it opens each itself rather than taking
     * the event another consumer of the service opened from the same bytes, and applies it outside the trace of the
     * request that caused it, which the live consumer continues.
     */
    @Test
    void aCopyOpensWhatItReadsItselfAndAppliesItOutsideTheTraceTheLiveConsumerContinues() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> live = new ConcurrentHashMap<>();
        Map<String, Object> copy = new ConcurrentHashMap<>();
        Map<String, String> traces = new ConcurrentHashMap<>();
        try (ConfigurableApplicationContext tracing = ServiceTracing.start()) {
            TopicConsumers traced = new TopicConsumers(settings, new TopicDeclaration(settings),
                    new TransactionTemplate(new DataSourceTransactionManager(database)), jdbc,
                    new SimpleMeterRegistry(), tracing.getBean(TraceContexts.class));
            String eventId = writer.tracing("00-" + traceId + "-00f067aa0ba902b7-01")
                    .publish(caseId(), 0, contactLost());
            consumer = traced.consumer(name, List.of(topic), event -> {
                live.put(event.eventId(), event.payload().orElseThrow());
                traces.put("live", String.valueOf(MDC.get("traceId")));
            });
            TopicConsumer copying = traced.consumersInSchema(name + "-copy", 1, List.of(topic), () -> event -> {
                copy.put(event.eventId(), event.payload().orElseThrow());
                traces.put("copy", String.valueOf(MDC.get("traceId")));
            }, "public").get(0);
            consumer.start();
            copying.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> live.containsKey(eventId)
                        && copy.containsKey(eventId));
            } finally {
                copying.close();
            }
            assertThat(copy.get(eventId)).isEqualTo(live.get(eventId)).isNotSameAs(live.get(eventId));
            assertThat(traces).containsEntry("live", traceId).containsEntry("copy", "null");
        }
    }

    private static long committedEnd(TopicPartition partition) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return reader.endOffsets(List.of(partition)).get(partition);
        }
    }

    private TopicConsumer start() {
        TopicConsumer started = consumers.consumer(name, List.of(topic), event -> applied.add(event.eventId()));
        started.start();
        return started;
    }

    private static String caseId() {
        return CaseId.random().value();
    }

    private static ContactLost contactLost() {
        return new ContactLost(CaseId.random(), ApproximateDate.parse("2019-04"),
                new Source(SourceType.RELATIVE_TESTIMONY));
    }
}
