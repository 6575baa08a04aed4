package org.caseledger.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka node in KRaft mode (broker and controller in this JVM) whose log directory is kept across
 * restarts. SIGTERM shuts it down cleanly.
 * <p>
 * By default the only node of a single-node cluster, in {@code $CASELEDGER_DATA/kafka}. With
 * {@code CASELEDGER_KAFKA_BROKERS=3} it is node {@code CASELEDGER_KAFKA_NODE} (1 to 3) of a three-node cluster whose
 * controllers form one quorum of three voters, in {@code $CASELEDGER_DATA/kafka-<node>}: node n listens on the broker
 * and controller ports plus {@code 2 × (n − 1)}, and the nodes share the cluster id kept in
 * {@code $CASELEDGER_DATA/kafka-cluster-id}.
 */
public final class LocalKafka {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_WAIT = Duration.ofSeconds(120);

    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        long startedAt = System.nanoTime();
        int nodes = LocalEnv.kafkaBrokers();
        int node = LocalEnv.kafkaNode(nodes);
        int firstBrokerPort = LocalEnv.port("CASELEDGER_KAFKA_PORT", 9092);
        int firstControllerPort = LocalEnv.port("CASELEDGER_KAFKA_CONTROLLER_PORT", 9093);
        Path logDir = LocalEnv.dataRoot().resolve(nodes == 1 ? "kafka" : "kafka-" + node);
        int brokerPort = LocalEnv.nodePort(firstBrokerPort, node);
        int controllerPort = LocalEnv.nodePort(firstControllerPort, node);
        Files.createDirectories(logDir);

        Properties config = brokerConfig(logDir, node, nodes, brokerPort, firstControllerPort);
        formatOnFirstStart(logDir, node, nodes, config);

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
            awaitBrokerServing(bootstrap, node);
        } catch (IllegalStateException e) {
            // The broker's own threads would keep a half-started JVM alive; exiting runs the shutdown hook.
            e.printStackTrace();
            System.exit(1);
        }
        System.out.printf("LocalKafka ready in %.1f s: node %d of %d, bootstrap %s, controller localhost:%d, cluster %s, "
                        + "log dir %s%n", (System.nanoTime() - startedAt) / 1e9, node, nodes, bootstrap, controllerPort,
                clusterId(logDir), logDir);
        System.out.flush();

        server.awaitShutdown();
    }

    private static Properties brokerConfig(Path logDir, int node, int nodes, int brokerPort, int firstControllerPort) {
        StringBuilder voters = new StringBuilder();
        for (int voter = 1; voter <= nodes; voter++) {
            voters.append(voter == 1 ? "" : ",").append(voter).append("@localhost:")
                    .append(LocalEnv.nodePort(firstControllerPort, voter));
        }
        int controllerPort = LocalEnv.nodePort(firstControllerPort, node);
        // With three replicas an acknowledged record is on two nodes at least, so one node may die; one node alone
        // is no longer enough to accept writes. A single node has nothing to fall back on.
        String replicas = Integer.toString(nodes);
        String minInSync = nodes >= 3 ? "2" : "1";
        Properties config = new Properties();
        config.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(node)),
                Map.entry("controller.quorum.voters", voters.toString()),
                Map.entry("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // Each service declares its topics with the partitions and retention they need; a typo must not invent one.
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", minInSync),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minInSync),
                // The nodes of one machine share its disk and its power: an acknowledged event must be on disk, since
                // the publisher moves its token past it and will not send it again.
                Map.entry("log.flush.interval.messages", "1"),
                // One consumer per group is the norm locally; waiting for more members only slows every restart.
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        return config;
    }

    /**
     * Formats the log directory once, with a cluster id generated here; afterwards {@code meta.properties}
     * carries that id and the broker re-uses it on every start.
     */
    private static void formatOnFirstStart(Path logDir, int node, int nodes, Properties config) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(config, false);
        new Formatter()
                .setNodeId(node)
                .setClusterId(nodes == 1 ? Uuid.randomUuid().toString() : sharedClusterId())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
                .addDirectory(logDir.toString())
                .run();
    }

    /**
     * The nodes of one cluster are formatted with one id: the first node to start makes it, the others read it. It is
     * linked into place, which fails when another node was first, so two nodes starting at once agree as well.
     */
    private static String sharedClusterId() throws Exception {
        Path file = LocalEnv.dataRoot().resolve("kafka-cluster-id");
        if (!Files.exists(file)) {
            Path draft = Files.createTempFile(LocalEnv.dataRoot(), "kafka-cluster-id", ".draft");
            try {
                Files.writeString(draft, Uuid.randomUuid().toString());
                Files.createLink(file, draft);
            } catch (FileAlreadyExistsException e) {
                // Another node made it first; its id is the cluster's.
            } finally {
                Files.deleteIfExists(draft);
            }
        }
        return Files.readString(file).trim();
    }

    /** {@code startup()} can return before the broker is unfenced; a client's view is what the services will see. */
    private static void awaitBrokerServing(String bootstrap, int node) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        Map<String, Object> clientConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(clientConfig)) {
            while (true) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    if (nodes.stream().anyMatch(member -> member.id() == node)) {
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
