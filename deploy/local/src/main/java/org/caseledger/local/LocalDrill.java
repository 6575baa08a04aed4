package org.caseledger.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.caseledger.local.drill.Credentials;
import org.caseledger.local.drill.DrillBrokers;
import org.caseledger.local.drill.KafkaDrill;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The broker drill ({@link KafkaDrill}) on the running local stack, started with {@code CASELEDGER_KAFKA_BROKERS=3}:
 * run by {@code deploy/local/drill}, which passes the repository, the token command and the options. Nodes are killed
 * by the pids {@code up} wrote and started again by {@code up kafka-<n>...}. Exits 1 unless every row is clean.
 */
public final class LocalDrill {

    private LocalDrill() {
    }

    public static void main(String[] args) throws Exception {
        // The table is the output; the reader's client configuration and connection notices are not.
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        Map<String, String> options = options(args);
        Path root = Path.of(required(options, "root"));
        Path data = LocalEnv.dataRoot();
        int clients = Integer.parseInt(options.getOrDefault("clients", "4"));
        Duration step = Duration.ofSeconds(Long.parseLong(options.getOrDefault("step-seconds", "60")));
        Duration settle = Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-seconds", "300")));
        String caseService = "http://localhost:" + LocalEnv.port("CASE_SERVICE_PORT", 8081);

        PGSimpleDataSource caseStore = new PGSimpleDataSource();
        caseStore.setURL("jdbc:postgresql://localhost:" + LocalEnv.port("CASELEDGER_PG_PORT", 15432) + "/cases");
        caseStore.setUser("postgres");
        caseStore.setPassword(Files.readString(data.resolve("secrets/postgres/postgres")).trim());

        KafkaDrill.Report report = new KafkaDrill(caseService, new CommandToken(required(options, "token-command")),
                caseStore, new StackBrokers(root, data, data.resolve("logs/drill.log")), clients, step, settle,
                System.out::println).run();
        System.out.println();
        System.out.print(report.table());
        System.exit(report.clean() ? 0 : 1);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is missing");
        }
        return value;
    }

    /** A token printed by a command (deploy/local/token operator), asked for again when the service says it expired. */
    private static final class CommandToken implements Credentials {
        private final String command;
        private volatile String header;

        CommandToken(String command) {
            this.command = command;
        }

        @Override
        public synchronized String authorization() {
            if (header == null) {
                header = "Bearer " + run(List.of("bash", "-c", command), null).trim();
            }
            return header;
        }

        @Override
        public synchronized void expired() {
            header = null;
        }
    }

    /** The kafka-1, kafka-2, kafka-3 components of the stack. */
    private record StackBrokers(Path root, Path data, Path log) implements DrillBrokers {

        @Override
        public String bootstrapServers() {
            int first = LocalEnv.port("CASELEDGER_KAFKA_PORT", 9092);
            return IntStream.rangeClosed(1, nodes()).mapToObj(node -> "localhost:" + LocalEnv.nodePort(first, node))
                    .collect(Collectors.joining(","));
        }

        @Override
        public int nodes() {
            return 3;
        }

        @Override
        public void kill(int node) {
            Path pidFile = data.resolve("run/kafka-" + node + ".pid");
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() ->
                        new IllegalStateException("kafka-" + node + " (pid " + pid + ") is not running"));
                process.destroyForcibly();
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException("kafka-" + node + " has no pid file " + pidFile, e);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot kill kafka-" + node, e);
            }
        }

        @Override
        public void start(int... nodes) {
            List<String> command = new ArrayList<>(List.of(root.resolve("deploy/local/up").toString()));
            IntStream.of(nodes).forEach(node -> command.add("kafka-" + node));
            run(command, log);
        }
    }

    /** Runs a command to its end; its output is returned, or appended to the log when one is given. */
    private static String run(List<String> command, Path log) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("CASELEDGER_SKIP_BUILD", "1");
            if (log != null) {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            }
            Process process = builder.start();
            String output = log == null ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    : "";
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed"
                        + (log == null ? ": " + output : "; see " + log));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
