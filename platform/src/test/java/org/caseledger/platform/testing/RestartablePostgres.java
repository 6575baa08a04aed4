package org.caseledger.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server of one test's own that can be stopped and started again on the same port with the same data
 * directory: an outage of the database, as a crash or a restart by its administrator would cause, not a new server.
 * Stopping is PostgreSQL's fast shutdown: open transactions are rolled back and every connection is cut.
 */
public final class RestartablePostgres implements PostgresServer {

    private final Path dataDirectory;
    private final int port;
    private final String password = Passwords.generate();
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Initialises a fresh data directory and starts the server on a free port. */
    public static RestartablePostgres start() {
        try {
            RestartablePostgres postgres = new RestartablePostgres(
                    Files.createTempDirectory("restartable-postgres"), FreePorts.take(1)[0]);
            postgres.restart();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL", e);
        }
    }

    /** Starts the server again with what it had written, and returns once it takes connections. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL is running");
        }
        server = PostgresServer.startEmbedded(password, builder -> builder
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port));
    }

    /** Stops the server; the data directory stays for {@link #restart}. */
    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /** Stops the server if it runs and deletes its data. */
    public void delete() {
        stop();
        Folders.deleteWithContents(dataDirectory);
    }

    /** A service's database on this server, laid out as {@link RealInfrastructure#database} lays one out. */
    public TestDatabase database(String database) {
        return TestDatabase.provision(database, this);
    }

    public DataSource superuserDataSource(String database) {
        return new DriverManagerDataSource(jdbcUrl(database), superuser(), superuserPassword());
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    @Override
    public String superuser() {
        return "postgres";
    }

    @Override
    public String superuserPassword() {
        return password;
    }
}
