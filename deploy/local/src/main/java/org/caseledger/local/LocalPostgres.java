package org.caseledger.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.caseledger.platform.database.PasswordAuthentication;
import org.caseledger.platform.database.ServiceDatabase;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Collectors;

/**
 * A real PostgreSQL server for the local stack, from zonky's binaries, whose cluster lives in
 * {@code $CASELEDGER_DATA/postgres} and is kept across restarts. Every connection proves a password (SCRAM); each
 * service has its database with an owner role and a runtime role, Keycloak its own, passwords generated into
 * {@code $CASELEDGER_DATA/secrets/postgres}.
 * Runs until the JVM is told to stop; the shutdown hook stops PostgreSQL cleanly.
 */
public final class LocalPostgres {

    /**
     * Each service's database and the role it runs as; the role named {@code <role>_owner} runs its migrations.
     * case-service keeps its data keys apart from its events, in {@code personal_data} with roles of their own.
     */
    private static final List<ServiceDatabase> SERVICE_DATABASES = List.of(
            new ServiceDatabase("cases", "case_service"),
            new ServiceDatabase("personal_data", "personal_data_keys"),
            new ServiceDatabase("appeals", "appeal_service"),
            new ServiceDatabase("notifications", "notification_service"),
            new ServiceDatabase("projections", "projections"));
    /** Keycloak migrates its own schema each time it starts, so it connects as the owner of its database. */
    private static final String KEYCLOAK = "keycloak";

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

        LocalSecrets secrets = new LocalSecrets(dataRoot);
        // A cluster made before the local stack had passwords trusts every local connection; it is given its
        // superuser password on this start and requires passwords from then on.
        boolean trustingCluster = Files.exists(dataDirectory.resolve("postgresql.conf"))
                && !PasswordAuthentication.required(dataDirectory);
        if (PasswordAuthentication.required(dataDirectory) && !secrets.exists("postgres/" + SUPERUSER)) {
            System.err.printf("The cluster in %s requires passwords, but the superuser's is not in %s; restore that "
                    + "file, or start from nothing (deploy/local/down && rm -rf %s).%n",
                    dataDirectory, secrets.file("postgres/" + SUPERUSER), dataRoot);
            System.exit(1);
        }
        String superuserPassword = secrets.password("postgres/" + SUPERUSER);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Binaries under the data root, not in the shared temp directory, so a tmp cleaner cannot break them.
                .setOverrideWorkingDirectory(dataRoot.resolve("pg-binaries").toFile())
                .setPort(port)
                // zonky hands these to initdb as --name=value: a new cluster's superuser has its password from the start.
                .setLocaleConfig("pwfile", secrets.file("postgres/" + SUPERUSER).toString())
                .setDataDirectoryCustomizer(directory -> {
                    if (!trustingCluster) {
                        requirePasswords(directory.toPath());
                    }
                })
                .setConnectConfig("password", superuserPassword)
                // zonky tunes PostgreSQL for throw-away test databases; this one holds the ledger, so it must be durable.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setPGStartupWait(STARTUP_WAIT)
                // zonky's own hook gives pg_ctl only 5 s; ours also waits for the postmaster to be gone.
                .setRegisterShutdownHook(false)
                .start();

        ProcessHandle postmaster = runningPostmaster(dataDirectory)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL started but left no live postmaster.pid"));
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, postmaster, stopping), "postgres-stop"));

        ServiceDatabase.Connector superuser = database -> postgres.getDatabase(SUPERUSER, database).getConnection();
        if (trustingCluster) {
            try (Connection connection = superuser.connect("postgres")) {
                connection.unwrap(PGConnection.class)
                        .alterUserPassword(SUPERUSER, superuserPassword.toCharArray(), "scram-sha-256");
            }
            requirePasswords(dataDirectory);
            reloadConfiguration(superuser);
            System.out.println("The cluster trusted local connections; it now requires passwords (SCRAM)");
        }
        provision(superuser, secrets);
        String fsync = setting(postgres, "fsync");

        System.out.printf("LocalPostgres ready in %.1f s: jdbc:postgresql://localhost:%d/<%s> with passwords (SCRAM) "
                        + "from %s, data %s, postmaster pid %d, fsync=%s%n",
                (System.nanoTime() - startedAt) / 1e9, port,
                SERVICE_DATABASES.stream().map(ServiceDatabase::name).collect(Collectors.joining("|")) + "|" + KEYCLOAK,
                secrets.file("postgres"), dataDirectory, postmaster.pid(), fsync);
        System.out.flush();

        postmaster.onExit().join();
        if (!stopping.get()) {
            System.err.println("The PostgreSQL postmaster exited on its own; see the log above.");
            Runtime.getRuntime().halt(1);
        }
    }

    /** Every service's database with its two roles, and Keycloak's; creates what is missing, sets every password. */
    private static void provision(ServiceDatabase.Connector superuser, LocalSecrets secrets)
            throws SQLException, IOException {
        for (ServiceDatabase database : SERVICE_DATABASES) {
            database.provision(superuser, secrets.password("postgres/" + database.ownerRole()),
                    secrets.password("postgres/" + database.runtimeRole()));
        }
        try (Connection server = superuser.connect("postgres")) {
            ServiceDatabase.loginRole(server, KEYCLOAK, secrets.password("postgres/" + KEYCLOAK));
            ServiceDatabase.ownedDatabase(server, KEYCLOAK, KEYCLOAK);
        }
    }

    private static void requirePasswords(Path dataDirectory) {
        try {
            PasswordAuthentication.require(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write pg_hba.conf in " + dataDirectory, e);
        }
    }

    private static void reloadConfiguration(ServiceDatabase.Connector superuser) throws SQLException {
        try (Connection connection = superuser.connect("postgres");
             Statement reload = connection.createStatement()) {
            reload.execute("SELECT pg_reload_conf()");
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
