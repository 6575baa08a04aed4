package org.caseledger.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.caseledger.platform.database.PasswordAuthentication;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** A running PostgreSQL server that tests can create databases on, as its superuser. */
interface PostgresServer {

    String jdbcUrl(String database);

    String superuser();

    String superuserPassword();

    void stop();

    /** zonky's binaries, with passwords required (SCRAM) as on the local stack, not zonky's trust-everyone default. */
    static PostgresServer embedded() {
        String password = Passwords.generate();
        // Stopped by RealInfrastructure once the services using it have stopped, not by a shutdown hook of its own.
        EmbeddedPostgres postgres = startEmbedded(password, builder -> builder);
        return new PostgresServer() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
            }

            @Override
            public String superuser() {
                return "postgres";
            }

            @Override
            public String superuserPassword() {
                return password;
            }

            @Override
            public void stop() {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * Starts zonky's PostgreSQL with the superuser's password set by initdb (when the data directory is new) and
     * required of every role, with no shutdown hook of its own.
     */
    static EmbeddedPostgres startEmbedded(String password, UnaryOperator<EmbeddedPostgres.Builder> customise) {
        Path passwordFile = null;
        try {
            passwordFile = Files.createTempFile("caseledger-test-pg", ".password",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password);
            AtomicReference<Path> dataDirectory = new AtomicReference<>();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false)
                    // zonky hands these to initdb as --name=value: the superuser has its password from the start
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setDataDirectoryCustomizer(directory -> {
                        dataDirectory.set(directory.toPath());
                        try {
                            PasswordAuthentication.require(directory.toPath());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .setConnectConfig("password", password);
            EmbeddedPostgres postgres = customise.apply(builder).start();
            stopWhenThisJvmIsGone(dataDirectory.get());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        } finally {
            if (passwordFile != null) {
                try {
                    Files.deleteIfExists(passwordFile);
                } catch (IOException ignored) {
                    // a temp file of 0600 left behind holds the password of a server that is gone with this JVM
                }
            }
        }
    }

    /**
     * PostgreSQL runs as a process of its own, which shutdown hooks stop only when the JVM exits in order. A JVM that
     * is killed (PIT ends each of its mutation JVMs so; a fork that timed out; kill -9) would leave it running with its
     * data directory: a small shell outside the JVM waits for the JVM to go, then stops the server it started, if it
     * still runs, and removes its data directory.
     */
    private static void stopWhenThisJvmIsGone(Path dataDirectory) throws IOException {
        String postmasterPid = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip();
        String script = """
                while kill -0 "$1" 2>/dev/null; do sleep 1; done
                if [ -f "$2/postmaster.pid" ] && [ "$(head -n 1 "$2/postmaster.pid")" = "$3" ]; then
                    kill -INT "$3"
                    while kill -0 "$3" 2>/dev/null; do sleep 0.2; done
                fi
                rm -rf "$2"
                """;
        new ProcessBuilder("sh", "-c", script, "postgres-stop", Long.toString(ProcessHandle.current().pid()),
                dataDirectory.toString(), postmasterPid)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static PostgresServer container() {
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17");
        postgres.start();
        return new PostgresServer() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://" + postgres.getHost() + ":"
                        + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database;
            }

            @Override
            public String superuser() {
                return postgres.getUsername();
            }

            @Override
            public String superuserPassword() {
                return postgres.getPassword();
            }

            @Override
            public void stop() {
                postgres.stop();
            }
        };
    }
}
