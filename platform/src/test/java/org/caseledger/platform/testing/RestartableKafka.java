package org.caseledger.platform.testing;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A single-node KRaft broker in this JVM that can be stopped and started again on the same port with the same log
 * directory, so that what it acknowledged before it stopped is still there after: an outage, not a new cluster. The
 * directory is deleted when the JVM ends.
 */
public final class RestartableKafka implements KafkaServer {

    private static final int NODE_ID = 1;

    private final Properties config;
    private KafkaRaftServer server;

    private RestartableKafka(Properties config) {
        this.config = config;
    }

    /** Formats a fresh log directory and starts the broker on free ports. */
    public static RestartableKafka start() {
        try {
            Path logDir = Files.createTempDirectory("restartable-kafka");
            Properties config = new Properties();
            int[] ports = FreePorts.take(2);
            int brokerPort = ports[0];
            int controllerPort = ports[1];
            config.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", Integer.toString(NODE_ID)),
                    Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                    Map.entry("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:"
                            + controllerPort),
                    Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort),
                    Map.entry("controller.listener.names", "CONTROLLER"),
                    Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                    Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                    Map.entry("log.dirs", logDir.toString()),
                    Map.entry("auto.create.topics.enable", "false"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0")));
            KafkaConfig kafkaConfig = KafkaConfig.fromProps(config, false);
            new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .run();
            RestartableKafka kafka = new RestartableKafka(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(logDir), "restartable-kafka-cleanup"));
            kafka.restart();
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a Kafka broker", e);
        }
    }

    /** The log directory and all in it, once the JVM ends: the broker's data is the test's, and goes with it. */
    private static void delete(Path logDir) {
        try {
            Folders.deleteWithContents(logDir);
        } catch (UncheckedIOException e) {
            // a file the broker still writes as the JVM ends: what is left stays in the temporary folder
        }
    }

    /** Starts the broker again with what it had written, and returns once a client can use it. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("The broker is running");
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() ->
                    !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty());
        }
    }

    @Override
    public String bootstrapServers() {
        return config.getProperty("advertised.listeners").substring("PLAINTEXT://".length());
    }

    /** Shuts the broker down cleanly; what it acknowledged stays in its log directory. */
    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
