package org.caseledger.local;

import org.caseledger.local.drill.DrillBrokers;
import org.caseledger.platform.testing.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Three Kafka nodes of one KRaft cluster, each its own JVM started from {@link LocalKafka} the way
 * {@code CASELEDGER_KAFKA_BROKERS=3 deploy/local/up} starts them, in a data folder of the test's own: so a node can be
 * killed with SIGKILL and started again on the same ports and log directory.
 */
final class LocalKafkaCluster implements DrillBrokers, AutoCloseable {

    private static final int NODES = 3;
    /** deploy/local's logging of its launchers (src/main/resources/logback.xml), not another jar's of that name. */
    private static final URL LAUNCHER_LOGGING = launcherLogging();

    private final Path data;
    private final int firstBrokerPort;
    private final Map<Integer, Process> running = new HashMap<>();
    private final Map<Integer, Long> logStart = new HashMap<>();

    private LocalKafkaCluster(Path data, int firstBrokerPort) {
        this.data = data;
        this.firstBrokerPort = firstBrokerPort;
    }

    static LocalKafkaCluster start() {
        try {
            // Broker and controller ports of node n are the first node's plus 2 × (n − 1): six ports in a row.
            LocalKafkaCluster cluster = new LocalKafkaCluster(Files.createTempDirectory("kafka-cluster"),
                    FreePorts.takeInARow(2 * NODES));
            try {
                cluster.start(1, 2, 3);
            } catch (RuntimeException e) {
                // The nodes that did start would outlive the test that could not use them.
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String bootstrapServers() {
        return IntStream.rangeClosed(1, NODES)
                .mapToObj(node -> "localhost:" + LocalEnv.nodePort(firstBrokerPort, node))
                .collect(Collectors.joining(","));
    }

    @Override
    public int nodes() {
        return NODES;
    }

    @Override
    public synchronized void kill(int node) {
        Process process = running.remove(node);
        if (process == null) {
            throw new IllegalStateException("node " + node + " is not running");
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka node " + node + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** All nodes are launched before any is waited for: one node alone cannot elect a controller. */
    @Override
    public synchronized void start(int... nodes) {
        for (int node : nodes) {
            if (running.containsKey(node)) {
                throw new IllegalStateException("node " + node + " is running");
            }
            running.put(node, launch(node));
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (int node : nodes) {
                Process process = running.get(node);
                if (!process.isAlive()) {
                    // 128 + n: killed by signal n (137: SIGKILL), where the node's own log can say nothing.
                    throw new IllegalStateException("Kafka node " + node + " exited with status "
                            + process.exitValue() + "; see " + log(node));
                }
            }
            return IntStream.of(nodes).allMatch(this::ready);
        });
    }

    private Process launch(int node) {
        Path log = log(node);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 alone and the serial collector: three brokers start faster on a machine whose cores are busy.
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Daxoniq.update-checker.disabled=true",
                // The launcher's own logging, as deploy/local/up gives it, not the tests' on the same class path:
                // that one turns Kafka's server, raft and controller loggers off, and a node that exited at start
                // left nothing in its log to say why.
                "-Dlogback.configurationFile=" + LAUNCHER_LOGGING,
                "-cp", System.getProperty("java.class.path"), LocalKafka.class.getName()));
        try {
            Files.createDirectories(log.getParent());
            logStart.put(node, Files.exists(log) ? Files.size(log) : 0);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(Map.of(
                    "CASELEDGER_DATA", data.toString(),
                    "CASELEDGER_KAFKA_BROKERS", Integer.toString(NODES),
                    "CASELEDGER_KAFKA_NODE", Integer.toString(node),
                    "CASELEDGER_KAFKA_PORT", Integer.toString(firstBrokerPort),
                    "CASELEDGER_KAFKA_CONTROLLER_PORT", Integer.toString(firstBrokerPort + 1)));
            return builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka node " + node, e);
        }
    }

    private boolean ready(int node) {
        try {
            return logSinceStarted(node).contains("LocalKafka ready");
        } catch (IOException e) {
            return false;
        }
    }

    /** What the node wrote to its log since it was last started. */
    String logSinceStarted(int node) throws IOException {
        byte[] written = Files.readAllBytes(log(node));
        int from = logStart.get(node).intValue();
        return new String(written, from, written.length - from, StandardCharsets.UTF_8);
    }

    private static URL launcherLogging() {
        String own = LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            return Collections.list(LocalKafka.class.getClassLoader().getResources("logback.xml")).stream()
                    .filter(found -> found.toString().contains(own))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No logback.xml of " + own + " on the class path"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path log(int node) {
        return ServiceProcess.LOGS.resolve("kafka-" + node + ".log");
    }

    @Override
    public synchronized void close() {
        running.values().forEach(Process::destroy);
        running.values().forEach(ServiceProcess::awaitExit);
        running.clear();
    }
}
