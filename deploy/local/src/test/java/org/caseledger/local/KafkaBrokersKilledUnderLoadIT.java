package org.caseledger.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.local.drill.Credentials;
import org.caseledger.local.drill.FaultDrill;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker drill in its short form (deploy/local/drill runs it longer, on the local stack): case-service from its
 * real jar on a three-node Kafka cluster of the test's own, whose nodes are killed with SIGKILL one after another under
 * a steady load of commands and then started again. Every accepted command must end up stored once and on the topic
 * once, in every step: the services accept writes while the brokers are gone and publish them when they return.
 * <p>
 * The default build runs it with steps of 10 s: no shorter, since the controllers notice a dead node only after the
 * broker session time-out (9 s), and with a shorter step the second node would die before the partitions of the first
 * had moved. Run by name, {@code caseledger.drill.step-seconds} makes the steps longer. The table goes to
 * {@code target/drill/kafka-brokers.txt}.
 */
class KafkaBrokersKilledUnderLoadIT {

    static final Duration STEP = Duration.ofSeconds(Integer.getInteger("caseledger.drill.step-seconds", 10));

    static final LocalKafkaCluster kafka = LocalKafkaCluster.start();
    static ServiceProcess caseService;

    @AfterAll
    static void stop() {
        if (caseService != null) {
            caseService.close();
        }
        kafka.close();
    }

    /**
     * A node's log holds what Kafka says of itself, its server's and controller's lines among them: a node that exits
     * while the cluster starts is then explained there, not only by its exit status.
     */
    @Test
    void eachNodeLogsWhatItsKafkaServerSays() throws Exception {
        for (int node = 1; node <= kafka.nodes(); node++) {
            assertThat(kafka.logSinceStarted(node)).as("node %d's log", node)
                    .contains("[KafkaRaftServer nodeId=" + node + "] Kafka Server started");
        }
    }

    @Test
    void everyCommandAcceptedWhileBrokersAreKilledIsStoredAndPublishedExactlyOnce() throws Exception {
        assertThat(List.of(FaultDrill.TOPIC, FaultDrill.EVENT_ID_HEADER))
                .containsExactly(Topics.CASES, EventHeaders.EVENT_ID);
        RealInfrastructure infrastructure = RealInfrastructure.get();
        caseService = ServiceProcess.start("case-service", infrastructure.database("e2e_cases_broker_drill"),
                kafka.bootstrapServers(), List.of(), List.of("--caseledger.kafka.replication-factor=3"));
        // The three brokers, just started, compete for the cores with the service's own start.
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> caseService.healthy(EndToEndStack.HTTP));
        String token = "Bearer " + TestTokens.get().token(Role.OPERATOR);
        Credentials operator = () -> token;

        FaultDrill.Report report = new FaultDrill(caseService.url(""), operator,
                infrastructure.superuserDataSource("e2e_cases_broker_drill"), null, kafka.bootstrapServers(),
                FaultDrill.brokerSteps(kafka), 3, STEP, Duration.ofMinutes(3), step -> {
                }).run();
        String table = report.table();
        Path written = Path.of("target", "drill", "kafka-brokers.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, table);

        assertThat(report.caughtUp()).as(table).isTrue();
        assertThat(report.caseNumbers().whole()).as(table).isTrue();
        for (FaultDrill.Row row : report.rows()) {
            assertThat(row.accepted()).as("commands accepted in step '%s'%n%s", row.step(), table).isPositive();
            assertThat(List.of(row.stored(), row.published())).as("step '%s'%n%s", row.step(), table)
                    .containsOnly(row.accepted());
            assertThat(row.lost()).as("lost in step '%s'%n%s", row.step(), table).isZero();
            assertThat(row.duplicates()).as("duplicates in step '%s'%n%s", row.step(), table).isZero();
        }
        FaultDrill.Row oneLeft = report.rows().get(2);
        double restarted = report.rows().stream().limit(4).mapToDouble(FaultDrill.Row::seconds).sum();
        assertThat(oneLeft.lastOnTopicAt())
                .as("a broker alone does not take a write: what was sent then reaches the topic after the restart%n%s",
                        table)
                .isGreaterThan(restarted);
        assertTopicKeptOnThreeReplicasAndAcknowledgedByTwo();
    }

    private static void assertTopicKeptOnThreeReplicasAndAcknowledgedByTwo() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(List.of(Topics.CASES)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.CASES);
            assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CASES);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        }
    }
}
