package org.caseledger.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.caseledger.local.drill.Credentials;
import org.caseledger.local.drill.DrillBrokers;
import org.caseledger.local.drill.FaultDrill;
import org.caseledger.local.drill.FaultDrill.Step;
import org.caseledger.local.drill.PublisherKill;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The fault drill ({@link FaultDrill}) on the running local stack, run by {@code deploy/local/drill}, which passes the
 * repository, the token command and the options. After a first step with everything up, the faults named by
 * {@code --faults} in turn: {@code brokers} (with {@code CASELEDGER_KAFKA_BROKERS=3}: {@code kill -9} of one node, a
 * second and the third, then the three started again), {@code kafka} (the one broker killed, and started again when
 * the step ends), {@code projections} (killed and started again at once, then frozen with SIGSTOP for a step and let go
 * on), {@code postgres} (stopped, and started again when the step ends), {@code instances} (with
 * {@code CASELEDGER_SERVICE_INSTANCES=2}: the load sent in pairs to case-service and case-service-2 at once, then the
 * one holding the publisher killed with {@code kill -9} and the load sent to the other alone, the killed one started
 * again when the step ends). Processes are killed by the pids {@code up} wrote and started again by
 * {@code up <component>}. projections' database is read for the table's projected column. Exits 1 unless every row is
 * clean.
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
        boolean threeBrokers = LocalEnv.kafkaBrokers() == 3;
        List<String> faults = Arrays.asList(options.getOrDefault("faults",
                (threeBrokers ? "brokers" : "kafka") + ",projections,postgres").split(","));
        String caseService = "http://localhost:" + LocalEnv.port("CASE_SERVICE_PORT", 8081);
        String secondCaseService = "http://localhost:" + LocalEnv.port("CASE_SERVICE_2_PORT", 8085);
        String password = Files.readString(data.resolve("secrets/postgres/postgres")).trim();
        Stack stack = new Stack(root, data, data.resolve("logs/drill.log"));
        StackBrokers brokers = new StackBrokers(stack, threeBrokers ? 3 : 1);
        PGSimpleDataSource cases = database("cases", password);
        AtomicReference<List<String>> instances = new AtomicReference<>(List.of(caseService));
        PublisherKill publisherKill = new PublisherKill();

        List<Step> steps = new ArrayList<>();
        if (faults.contains("brokers")) {
            if (!threeBrokers) {
                throw new IllegalArgumentException("--faults=brokers kills Kafka nodes one after another: run it, and "
                        + "deploy/local/up, with CASELEDGER_KAFKA_BROKERS=3");
            }
            steps.addAll(FaultDrill.brokerSteps(brokers));
        } else {
            steps.add(new Step("all up", () -> {
            }));
        }
        for (String fault : faults) {
            switch (fault) {
                case "brokers" -> {
                }
                case "kafka" -> {
                    if (threeBrokers) {
                        throw new IllegalArgumentException("--faults=kafka is for the one broker; with three, name "
                                + "brokers");
                    }
                    steps.add(new Step("kill -9 kafka, up after the step", () -> stack.kill("kafka"),
                            () -> stack.up("kafka")));
                }
                case "projections" -> {
                    steps.add(new Step("kill -9 projections, up at once", () -> {
                        stack.kill("projections");
                        stack.up("projections");
                    }));
                    steps.add(new Step("projections paused (SIGSTOP)", () -> stack.signal("projections", "STOP"),
                            () -> stack.signal("projections", "CONT")));
                }
                case "postgres" -> steps.add(new Step("postgres stopped for the step",
                        () -> stack.down("postgres"), () -> stack.up("postgres")));
                case "instances" -> {
                    if (!"2".equals(System.getenv("CASELEDGER_SERVICE_INSTANCES"))) {
                        throw new IllegalArgumentException("--faults=instances sends to two instances of case-service "
                                + "and kills one: run it, and deploy/local/up, with CASELEDGER_SERVICE_INSTANCES=2");
                    }
                    Map<String, String> urls = Map.of("case-service", caseService, "case-service-2",
                            secondCaseService);
                    AtomicReference<String> killed = new AtomicReference<>();
                    steps.add(new Step("2 instances, same cases on both",
                            () -> instances.set(List.of(caseService, secondCaseService))));
                    steps.add(new Step("kill -9 the publisher's instance", () -> {
                        String victim = stack.publisherInstance(cases, urls.keySet());
                        killed.set(victim);
                        instances.set(List.of(urls.get(victim.equals("case-service") ? "case-service-2"
                                : "case-service")));
                        stack.kill(victim);
                        long at = System.nanoTime();
                        publisherKill.killed(victim, at, lastGlobalIndex(cases));
                    }, () -> {
                        stack.up(killed.get());
                        instances.set(List.of(caseService));
                    }));
                }
                default -> throw new IllegalArgumentException("--faults names brokers, kafka, projections, postgres "
                        + "or instances, not " + fault);
            }
        }

        FaultDrill.Report report = new FaultDrill(instances::get,
                new CommandToken(required(options, "token-command")), cases, database("projections", password),
                brokers.bootstrapServers(), steps, clients, step, settle, System.out::println, publisherKill).run();
        System.out.println();
        System.out.print(report.table());
        System.exit(report.clean() ? 0 : 1);
    }

    private static long lastGlobalIndex(PGSimpleDataSource cases) {
        try {
            return FaultDrill.lastGlobalIndex(cases);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read case-service's event store", e);
        }
    }

    private static PGSimpleDataSource database(String name, String password) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL("jdbc:postgresql://localhost:" + LocalEnv.port("CASELEDGER_PG_PORT", 15432) + "/" + name);
        database.setUser("postgres");
        database.setPassword(password);
        return database;
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

    /** The stack's components, killed by the pids {@code up} wrote and started or stopped by its commands. */
    private record Stack(Path root, Path data, Path log) {

        /** {@code kill -9}: the component gets no chance to finish anything it was doing. */
        void kill(String component) {
            ProcessHandle process = process(component);
            process.destroyForcibly();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot kill " + component, e);
            }
        }

        void signal(String component, String signal) {
            run(List.of("kill", "-" + signal, Long.toString(process(component).pid())), log);
        }

        /** Starts the components and returns once each serves clients. */
        void up(String... components) {
            List<String> command = new ArrayList<>(List.of(root.resolve("deploy/local/up").toString()));
            command.addAll(List.of(components));
            run(command, log);
        }

        void down(String component) {
            run(List.of(root.resolve("deploy/local/down").toString(), component), log);
        }

        /**
         * Which of the instances holds the publisher's token now: its owner is {@code <pid>@<host>}, the pid that of
         * the instance's JVM, which {@code up} wrote.
         */
        String publisherInstance(PGSimpleDataSource cases, Set<String> instances) {
            String owner;
            try (Connection connection = cases.getConnection();
                 PreparedStatement statement = connection.prepareStatement(
                         "SELECT owner FROM tokenentry WHERE processorname = 'kafka-publisher'");
                 ResultSet result = statement.executeQuery()) {
                owner = result.next() ? result.getString(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read case-service's token store", e);
            }
            for (String instance : instances) {
                if (owner != null && owner.startsWith(process(instance).pid() + "@")) {
                    return instance;
                }
            }
            throw new IllegalStateException("The publisher's token is held by " + owner + ", none of " + instances);
        }

        private ProcessHandle process(String component) {
            Path pidFile = data.resolve("run/" + component + ".pid");
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                return ProcessHandle.of(pid).orElseThrow(() ->
                        new IllegalStateException(component + " (pid " + pid + ") is not running"));
            } catch (IOException e) {
                throw new UncheckedIOException(component + " has no pid file " + pidFile, e);
            }
        }
    }

    /** The kafka component of the stack, or its kafka-1, kafka-2, kafka-3. */
    private record StackBrokers(Stack stack, int nodes) implements DrillBrokers {

        @Override
        public String bootstrapServers() {
            int first = LocalEnv.port("CASELEDGER_KAFKA_PORT", 9092);
            return nodes == 1 ? "localhost:" + first : IntStream.rangeClosed(1, nodes)
                    .mapToObj(node -> "localhost:" + LocalEnv.nodePort(first, node))
                    .collect(Collectors.joining(","));
        }

        @Override
        public void kill(int node) {
            stack.kill("kafka-" + node);
        }

        @Override
        public void start(int... nodes) {
            stack.up(IntStream.of(nodes).mapToObj(node -> "kafka-" + node).toArray(String[]::new));
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
