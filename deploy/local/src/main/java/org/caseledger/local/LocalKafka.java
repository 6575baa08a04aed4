package org.caseledger.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in this JVM) whose log
 * directory {@code $CASELEDGER_DATA/kafka} is kept across restarts. SIGTERM shuts it down cleanly.
 */
public final class LocalKafka {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_WAIT = Duration.ofSeconds(120);

    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        long startedAt = System.nanoTime();
        Path logDir = LocalEnv.dataRoot().resolve("kafka");
        int brokerPort = LocalEnv.port("CASELEDGER_KAFKA_PORT", 9092);
        int controllerPort = LocalEnv.port("CASELEDGER_KAFKA_CONTROLLER_PORT", 9093);
        Files.createDirectories(logDir);

        Properties config = brokerConfig(logDir, brokerPort, controllerPort);
        formatOnFirstStart(logDir, config);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            System.out.println("LocalKafka stopped");
        }, "kafka-stop"));
        try {
            server.startup();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }

        String bootstrap = "localhost:" + brokerPort;
        try {
            awaitBrokerServing(bootstrap);
        } catch (IllegalStateException e) {
            // The broker's own threads would keep a half-started JVM alive; exiting runs the shutdown hook.
            e.printStackTrace();
            System.exit(1);
        }
        System.out.printf("LocalKafka ready in %.1f s: bootstrap %s, controller localhost:%d, cluster %s, log dir %s%n",
                (System.nanoTime() - startedAt) / 1e9, bootstrap, controllerPort, clusterId(logDir), logDir);
        System.out.flush();

        server.awaitShutdown();
    }

    private static Properties brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Properties config = new Properties();
        config.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // Each service declares its topics with the partitions and retention they need; a typo must not invent one.
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                // A single broker has no replica to fall back on: an acknowledged event must be on disk, since the
                // publisher moves its token past it and will not send it again.
                Map.entry("log.flush.interval.messages", "1"),
                // One consumer per group is the norm locally; waiting for more members only slows every restart.
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        return config;
    }

    /**
     * Formats the log directory once, with a cluster id generated here; afterwards {@code meta.properties}
     * carries that id and the broker re-uses it on every start.
     */
    private static void formatOnFirstStart(Path logDir, Properties config) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(config, false);
        new Formatter()
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                .addDirectory(logDir.toString())
                .run();
    }

    /** {@code startup()} can return before the broker is unfenced; a client's view is what the services will see. */
    private static void awaitBrokerServing(String bootstrap) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        Map<String, Object> clientConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(clientConfig)) {
            while (true) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(node -> node.id() == NODE_ID)) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Broker did not start serving within " + READY_WAIT, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Broker did not start serving within " + READY_WAIT);
                }
                // Another process is starting; a short pause between looks, bounded by the deadline above.
                Thread.sleep(200);
            }
        }
    }

    private static String clusterId(Path logDir) throws Exception {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(logDir.resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }
}
