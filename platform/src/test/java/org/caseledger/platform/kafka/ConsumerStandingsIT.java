package org.caseledger.platform.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.caseledger.platform.testing.MigratedDatabase;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicReader;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.platform.tracing.TraceContexts;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Where consumers stand, from the real position table and the real broker, and when the broker does not answer. */
class ConsumerStandingsIT {

    static final DataSource database = MigratedDatabase.runtimeDataSource("platform_standings");
    static final JdbcClient jdbc = JdbcClient.create(database);

    private final String topic = "caseledger.standings-test-" + UUID.randomUUID();
    private final String name = "standings-" + UUID.randomUUID();

    @Test
    void partitionWithoutAStoredPositionIsReadFromItsStartAndCountsWholeAsLag() {
        KafkaSettings settings = settings(RealInfrastructure.get().kafkaBootstrapServers());
        new TopicDeclaration(settings).ensure(topic);
        try (TopicWriter writer = new TopicWriter(settings.bootstrapServers(), topic, "Case")) {
            for (int sequence = 0; sequence < 5; sequence++) {
                writer.publishJson("one-aggregate", sequence, "Counted", "1", new byte[] {'{', '}'},
                        UUID.randomUUID().toString());
            }
        }
        int partition = partitionOfTheRecords(settings);
        new JdbcConsumerPositions(jdbc, name).store(new TopicPartition(topic, partition), 2);
        new JdbcConsumerPositions(jdbc, name + "-other").store(new TopicPartition(topic, partition), 5);

        ConsumerStandings.Standings standings;
        try (ConsumerStandings asked = new ConsumerStandings(settings, jdbc)) {
            standings = asked.of(List.of(consumer(settings, name)));
        }

        assertThat(standings.brokerUnavailable()).isNull();
        ConsumerStandings.Standing standing = standings.consumers().get(0);
        assertThat(standing.partitions()).containsExactly(
                new ConsumerStandings.PartitionStanding(topic, 0, partition == 0 ? 2 : 0, partition == 0 ? 5L : 0L,
                        partition == 0 ? 3L : 0L),
                new ConsumerStandings.PartitionStanding(topic, 1, partition == 1 ? 2 : 0, partition == 1 ? 5L : 0L,
                        partition == 1 ? 3L : 0L));
        assertThat(standing.lag()).isEqualTo(3);
        assertThat(standing.applied()).isEqualTo(2);
        assertThat(standing.running()).isFalse();
        assertThat(standing.lastAppliedAt()).isNotNull();
    }

    @Test
    void brokerThatDoesNotAnswerLeavesThePositionsAsStoredWithoutEndsAndSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaSettings settings = settings("127.0.0.1:" + closedPort);
        new JdbcConsumerPositions(jdbc, name).store(new TopicPartition(topic, 1), 7);

        ConsumerStandings.Standings standings;
        try (ConsumerStandings asked = new ConsumerStandings(settings, jdbc)) {
            standings = asked.of(List.of(consumer(settings, name)));
        }

        assertThat(standings.brokerUnavailable()).contains("did not answer within PT2S");
        ConsumerStandings.Standing standing = standings.consumers().get(0);
        assertThat(standing.partitions()).containsExactly(
                new ConsumerStandings.PartitionStanding(topic, 1, 7, null, null));
        assertThat(standing.lag()).isNull();
        assertThat(standing.applied()).isEqualTo(7);
    }

    /**
     * Asked again and again, as a rebuild's progress or a script watching the lag asks, it keeps the one admin client it made; a
     * client for each question cost the service and the broker more than the question. Closed, it closes the client.
     */
    @Test
    void everyQuestionGoesThroughOneAdminClientClosedWithIt() {
        KafkaSettings settings = settings(RealInfrastructure.get().kafkaBootstrapServers());
        new TopicDeclaration(settings).ensure(topic);
        List<Admin> made = new ArrayList<>();
        TopicConsumer consumer = consumer(settings, name);
        try (ConsumerStandings asked = new ConsumerStandings(settings, jdbc, config -> {
            Admin admin = Admin.create(config);
            made.add(admin);
            return admin;
        })) {
            for (int question = 0; question < 3; question++) {
                assertThat(asked.of(List.of(consumer)).brokerUnavailable()).isNull();
                assertThat(asked.members(name)).hasValue(0);
            }
            assertThat(made).hasSize(1);
            assertThat(made.get(0).listTopics().names()).succeedsWithin(Duration.ofSeconds(10));
        }
        assertThat(made.get(0).listTopics().names()).failsWithin(Duration.ofSeconds(10));
    }

    private static KafkaSettings settings(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, 2, (short) 1, Duration.ofSeconds(2), Map.of());
    }

    private TopicConsumer consumer(KafkaSettings settings, String consumerName) {
        return new TopicConsumers(settings, new TopicDeclaration(settings),
                new TransactionTemplate(new DataSourceTransactionManager(database)), jdbc, new SimpleMeterRegistry(),
                TraceContexts.off()).consumer(consumerName, List.of(topic), event -> {
                });
    }

    private int partitionOfTheRecords(KafkaSettings settings) {
        try (TopicReader reader = new TopicReader(settings.bootstrapServers(), topic)) {
            return await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.recordsWithKey("one-aggregate"), records -> records.size() == 5)
                    .get(0).partition();
        }
    }
}
