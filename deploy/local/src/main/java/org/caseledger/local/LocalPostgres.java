package org.caseledger.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL server for the local stack, from zonky's binaries, whose cluster lives in
 * {@code $CASELEDGER_DATA/postgres} and is kept across restarts.
 * Runs until the JVM is told to stop; the shutdown hook stops PostgreSQL cleanly.
 */
public final class LocalPostgres {

    private static final List<String> DATABASES = List.of("cases", "appeals", "notifications", "projections");

    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration POSTMASTER_EXIT_WAIT = Duration.ofSeconds(60);

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        long startedAt = System.nanoTime();
        Path dataRoot = LocalEnv.dataRoot();
        Path dataDirectory = dataRoot.resolve("postgres");
        int port = LocalEnv.port("CASELEDGER_PG_PORT", 15432);
        Files.createDirectories(dataDirectory);

        Optional<ProcessHandle> orphan = runningPostmaster(dataDirectory);
        if (orphan.isPresent()) {
            System.err.printf("A PostgreSQL server from an earlier run still owns %s (pid %d); "
                    + "stop it first (deploy/local/down postgres).%n", dataDirectory, orphan.get().pid());
            System.exit(1);
        }

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Binaries under the data root, not in the shared temp directory, so a tmp cleaner cannot break them.
                .setOverrideWorkingDirectory(dataRoot.resolve("pg-binaries").toFile())
                .setPort(port)
                // zonky tunes PostgreSQL for throw-away test databases; this one holds the ledger, so it must be durable.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setPGStartupWait(STARTUP_WAIT)
                // zonky's own hook gives pg_ctl only 5 s; ours also waits for the postmaster to be gone.
                .setRegisterShutdownHook(false)
                .start();

        ProcessHandle postmaster = runningPostmaster(dataDirectory)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL started but left no live postmaster.pid"));
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, postmaster, stopping), "postgres-stop"));

        createMissingDatabases(postgres);
        String fsync = setting(postgres, "fsync");

        System.out.printf("LocalPostgres ready in %.1f s: jdbc:postgresql://localhost:%d/<%s> user %s, "
                        + "data %s, postmaster pid %d, fsync=%s%n",
                (System.nanoTime() - startedAt) / 1e9, port, String.join("|", DATABASES), SUPERUSER,
                dataDirectory, postmaster.pid(), fsync);
        System.out.flush();

        postmaster.onExit().join();
        if (!stopping.get()) {
            System.err.println("The PostgreSQL postmaster exited on its own; see the log above.");
            Runtime.getRuntime().halt(1);
        }
    }

    private static void createMissingDatabases(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getDatabase(SUPERUSER, "postgres").getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            for (String database : DATABASES) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        continue;
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE \"" + database + "\"");
                }
                System.out.println("Created database " + database);
            }
        }
    }

    private static String setting(EmbeddedPostgres postgres, String name) throws SQLException {
        try (Connection connection = postgres.getDatabase(SUPERUSER, "postgres").getConnection();
             PreparedStatement show = connection.prepareStatement("SELECT current_setting(?)")) {
            show.setString(1, name);
            try (ResultSet rows = show.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static void stop(EmbeddedPostgres postgres, ProcessHandle postmaster, AtomicBoolean stopping) {
        stopping.set(true);
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("pg_ctl stop failed: " + e.getMessage());
        }
        // pg_ctl may give up waiting while a large checkpoint is still being written; the JVM must outlive it.
        try {
            postmaster.onExit().get(POSTMASTER_EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
            System.out.println("LocalPostgres stopped");
        } catch (Exception e) {
            System.err.println("PostgreSQL postmaster " + postmaster.pid() + " is still running after "
                    + POSTMASTER_EXIT_WAIT.toSeconds() + " s");
        }
    }

    /** The postmaster named by {@code postmaster.pid}, if that process is still alive. */
    private static Optional<ProcessHandle> runningPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    }
}
