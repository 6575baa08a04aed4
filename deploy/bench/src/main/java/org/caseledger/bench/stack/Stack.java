package org.caseledger.bench.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running stack as the harness reaches it: the services' addresses, the broker, the databases, and the processes
 * whose CPU and memory it reads.
 *
 * @param dataRoot  the stack's data folder; the default place for the JSON result
 * @param processes each component's pid, by component name, for the services, the broker and PostgreSQL's launcher
 * @param postmaster PostgreSQL's postmaster, whose processes do the database's work, when known
 */
public record Stack(URI caseService, URI projections, String kafkaBootstrap, DatabaseLogin databases,
                    Databases databaseNames, Path dataRoot, Map<String, Long> processes, Optional<Long> postmaster) {

    /** The topic case-service publishes to (api's {@code Topics.CASES}). */
    public static final String CASES_TOPIC = "caseledger.cases.v1";

    /** The consumers that read it, named as their positions are stored in their databases. */
    public static final String CASE_VIEW_CONSUMER = "projections.case-status";
    public static final String TIMELINE_CONSUMER = "projections.timeline";
    public static final String KNOWN_CASES_CONSUMER = "appeal-service.known-cases";

    /** The components deploy/local starts, in its order; the harness measures those that run. */
    static final List<String> COMPONENTS = List.of("postgres", "kafka", "keycloak", "case-service", "appeal-service",
            "notification-service", "projections");

    /**
     * The databases the harness reads for its checks, and the one it connects to to create and drop its scratch
     * database.
     *
     * @param appeals null for a stack without appeal-service
     */
    public record Databases(String cases, String projections, String appeals, String admin) {

        public static final Databases LOCAL = new Databases("cases", "projections", "appeals", "postgres");
    }

    /** The local stack as deploy/local runs it, from the same environment variables. */
    public static Stack local(Map<String, String> environment, DatabaseLogin databases) {
        Path dataRoot = Path.of(environment.getOrDefault("CASELEDGER_DATA", ".local-data")).toAbsolutePath().normalize();
        Map<String, Long> processes = new LinkedHashMap<>();
        for (String component : COMPONENTS) {
            runningPid(dataRoot.resolve("run").resolve(component + ".pid"), component)
                    .ifPresent(pid -> processes.put(component, pid));
        }
        return new Stack(
                URI.create("http://localhost:" + port(environment, "CASE_SERVICE_PORT", 8081)),
                URI.create("http://localhost:" + port(environment, "PROJECTIONS_PORT", 8084)),
                "localhost:" + port(environment, "CASELEDGER_KAFKA_PORT", 9092),
                databases, Databases.LOCAL, dataRoot, processes,
                postmasterPid(dataRoot.resolve("postgres").resolve("postmaster.pid")));
    }

    /**
     * appeal-service's database, when the stack has one and appeal-service has made its table of known cases; the
     * caller closes it. appeal-service is optional in a stack.
     */
    public Optional<Connection> appealsIfThere() {
        if (databaseNames.appeals() == null) {
            return Optional.empty();
        }
        try {
            Connection connection = databases.connect(databaseNames.appeals());
            try (Statement statement = connection.createStatement();
                 ResultSet table = statement.executeQuery("SELECT to_regclass('known_case') IS NOT NULL")) {
                table.next();
                if (table.getBoolean(1)) {
                    return Optional.of(connection);
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    public URI caseService(String path) {
        return caseService.resolve(path);
    }

    public URI projections(String path) {
        return projections.resolve(path);
    }

    /** The pid in a deploy/local pid file, if that process still runs as the component (a pid may be reused). */
    static Optional<Long> runningPid(Path pidFile, String component) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return List.of(commandLine.split("\0")).contains("-Dcaseledger.component=" + component)
                    ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> postmasterPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).strip());
            return Files.exists(Path.of("/proc", Long.toString(pid))) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a TCP port, not '" + value + "'");
        }
    }
}
