package org.caseledger.bench.limits;

import org.caseledger.bench.stack.DatabaseLogin;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of the harness's own on the stack's PostgreSQL, for the raw JDBC limits, dropped when they are
 * measured. Its one table has the shape of an event store's (Axon's {@code domainevententry}: a sequence key, the
 * aggregate and its sequence unique, the event id unique, JSON bytes), so a row costs what an event's row costs.
 */
final class ScratchDatabase implements AutoCloseable {

    static final String NAME = "caseledger_bench";

    private final DatabaseLogin login;
    private final String adminDatabase;

    private ScratchDatabase(DatabaseLogin login, String adminDatabase) {
        this.login = login;
        this.adminDatabase = adminDatabase;
    }

    static ScratchDatabase create(DatabaseLogin login, String adminDatabase) throws SQLException {
        try (Connection admin = login.connect(adminDatabase); Statement statement = admin.createStatement()) {
            // A run that was killed leaves its scratch database behind.
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + NAME);
        }
        try (Connection scratch = login.connect(NAME); Statement statement = scratch.createStatement()) {
            statement.execute("""
                    CREATE TABLE scratch_event (
                        globalindex         BIGSERIAL    PRIMARY KEY,
                        aggregateidentifier VARCHAR(255) NOT NULL,
                        sequencenumber      BIGINT       NOT NULL,
                        eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
                        metadata            BYTEA,
                        payload             BYTEA        NOT NULL,
                        timestamp           VARCHAR(255) NOT NULL,
                        UNIQUE (aggregateidentifier, sequencenumber)
                    )""");
        }
        return new ScratchDatabase(login, adminDatabase);
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = login.connect(adminDatabase); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
        }
    }
}
