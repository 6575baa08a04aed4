package org.caseledger.projections.readmodels;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema work of a rebuild, done as the role that owns the tables (the one that runs the migrations), since only
 * the owner may create a table's copy and move tables between schemas; the service's own role then writes the copy
 * through the grants given here. Each step is one transaction, so a crash leaves either the state before it or the
 * state after it, and {@code read_model_rebuild} says which.
 *
 * <p>The switch moves the live tables into the retired schema and the copy's into {@code public} in one transaction,
 * together with the copy's positions and sequence guard, which become the live consumer's. Queries name tables
 * without a schema, so from its commit on they read the copy; a query that started before it finishes on the old
 * tables, and one that comes during it waits the milliseconds the moves take. The switch waits at most
 * {@code LOCK_WAIT} for a long read (an export) to let go of a table, and is tried again later if it could not.
 */
@Component
class RebuildTables {

    static final String BUILDING = "BUILDING";
    static final String SWITCHED = "SWITCHED";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(3);

    private final DataSource owner;
    private final String runtimeRole;

    RebuildTables(Environment environment) {
        String url = environment.getProperty("spring.flyway.url", environment.getRequiredProperty("spring.datasource.url"));
        this.owner = new DriverManagerDataSource(url, environment.getRequiredProperty("spring.flyway.user"),
                environment.getProperty("spring.flyway.password", ""));
        this.runtimeRole = environment.getRequiredProperty("spring.datasource.username");
    }

    /** A rebuild on record: where its copy is built and what became of it. */
    record Recorded(String readModel, String state, Instant startedAt, String requestedBy) {
    }

    /**
     * Records the rebuild and makes its empty copy: a schema with a table of the same shape (columns, defaults,
     * constraints, indexes) for each live one, which the service's role may write; the consumer that builds it
     * starts from no position. Empty when a rebuild of the model is already on record.
     */
    Optional<Recorded> begin(RebuildableModel model, String requestedBy) {
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO read_model_rebuild (read_model, building_in, retired_into, state, requested_by,
                                                    started_at)
                    VALUES (?, ?, ?, 'BUILDING', ?, now())
                    ON CONFLICT (read_model) DO NOTHING
                    RETURNING started_at""")) {
                insert.setString(1, model.name());
                insert.setString(2, model.buildingIn());
                insert.setString(3, model.retiredInto());
                insert.setString(4, requestedBy);
                try (ResultSet inserted = insert.executeQuery()) {
                    if (!inserted.next()) {
                        return Optional.empty();
                    }
                    Instant started = inserted.getTimestamp(1).toInstant();
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DROP SCHEMA IF EXISTS " + model.buildingIn() + " CASCADE");
                        statement.execute("CREATE SCHEMA " + model.buildingIn());
                        for (String table : model.tables()) {
                            statement.execute("CREATE TABLE " + model.buildingIn() + "." + table + " (LIKE public."
                                    + table + " INCLUDING ALL)");
                        }
                        statement.execute("GRANT USAGE ON SCHEMA " + model.buildingIn() + " TO \"" + runtimeRole + "\"");
                        statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                                + model.buildingIn() + " TO \"" + runtimeRole + "\"");
                    }
                    forget(connection, model.rebuildConsumer());
                    return Optional.of(new Recorded(model.name(), BUILDING, started, requestedBy));
                }
            }
        });
    }

    /** Every rebuild on record, for a service that starts to resume or finish. */
    List<Recorded> recorded() {
        return inTransaction(connection -> {
            List<Recorded> found = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT read_model, state, started_at, requested_by FROM read_model_rebuild ORDER BY read_model")) {
                while (rows.next()) {
                    found.add(new Recorded(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                            rows.getString(4)));
                }
            }
            return found;
        });
    }

    /** Whether the copy's schema is there, as {@link #begin} left it; a rebuild without it starts again. */
    boolean copyExists(RebuildableModel model) {
        return inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ANY (?)")) {
                query.setString(1, model.buildingIn());
                query.setArray(2, connection.createArrayOf("text", model.tables().toArray()));
                try (ResultSet count = query.executeQuery()) {
                    count.next();
                    return count.getInt(1) == model.tables().size();
                }
            }
        });
    }

    /**
     * The switch: the copy's tables become the live ones and its positions and sequence guard the live consumer's,
     * in one transaction. Run while neither consumer applies anything.
     *
     * @return false when a table stayed locked by a reader for longer than the switch waits
     */
    boolean switchOver(RebuildableModel model) {
        return inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
                statement.execute("DROP SCHEMA IF EXISTS " + model.retiredInto() + " CASCADE");
                statement.execute("CREATE SCHEMA " + model.retiredInto());
                for (String table : model.tables()) {
                    statement.execute("ALTER TABLE public." + table + " SET SCHEMA " + model.retiredInto());
                    statement.execute("ALTER TABLE " + model.buildingIn() + "." + table + " SET SCHEMA public");
                }
                statement.execute("DROP SCHEMA " + model.buildingIn());
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    connection.rollback();
                    return false;
                }
                throw e;
            }
            forget(connection, model.name());
            for (String table : List.of("consumer_position", "applied_sequence", "parked_record")) {
                try (PreparedStatement rename = connection.prepareStatement(
                        "UPDATE " + table + " SET consumer_name = ? WHERE consumer_name = ?")) {
                    rename.setString(1, model.name());
                    rename.setString(2, model.rebuildConsumer());
                    rename.executeUpdate();
                }
            }
            try (PreparedStatement switched = connection.prepareStatement(
                    "UPDATE read_model_rebuild SET state = 'SWITCHED', switched_at = now() WHERE read_model = ?")) {
                switched.setString(1, model.name());
                switched.executeUpdate();
            }
            return true;
        });
    }

    /** Drops what the switch retired, and the record of the rebuild: it is done. */
    void finish(RebuildableModel model) {
        inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + model.retiredInto() + " CASCADE");
            }
            try (PreparedStatement done = connection.prepareStatement(
                    "DELETE FROM read_model_rebuild WHERE read_model = ?")) {
                done.setString(1, model.name());
                done.executeUpdate();
            }
            return null;
        });
    }

    private static void forget(Connection connection, String consumer) throws SQLException {
        for (String table : List.of("consumer_position", "applied_sequence", "parked_record")) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE consumer_name = ?")) {
                delete.setString(1, consumer);
                delete.executeUpdate();
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.in(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Rebuild's schema work failed: " + e.getMessage(), e);
        }
    }
}
