package org.caseledger.projections.readmodels;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
 *
 * <p>It locks every table it moves before it moves any, and never waits long for one while it holds others: a query
 * that reads several tables in one transaction (the statistics read their counts, then the appeals) holds the first
 * while it asks for the next, and a switch waiting for the first while holding the next would deadlock with it,
 * which PostgreSQL ends by failing one of the two, often the query. So each try waits at most {@code ONE_TRY} for all
 * the locks, lets go of them all when it did not get them, and tries again until {@code LOCK_WAIT} has passed.
 */
@Component
class RebuildTables {

    static final String BUILDING = "BUILDING";
    static final String SWITCHED = "SWITCHED";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(3);
    private static final Duration ONE_TRY = Duration.ofMillis(50);

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
                        nameIndexesAsLive(connection, model);
                        copyTriggers(connection, model);
                        statement.execute("SET LOCAL search_path = " + model.buildingIn() + ", public");
                        for (String row : model.firstRows()) {
                            statement.execute(row);
                        }
                        statement.execute("SET LOCAL search_path = public");
                        statement.execute("GRANT USAGE ON SCHEMA " + model.buildingIn() + " TO \"" + runtimeRole + "\"");
                        statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                                + model.buildingIn() + " TO \"" + runtimeRole + "\"");
                    }
                    for (RebuildableModel.Part part : model.parts()) {
                        forget(connection, part.rebuildConsumer());
                    }
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
                if (!lockAll(connection, model)) {
                    connection.rollback();
                    return false;
                }
                statement.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
                statement.execute("DROP SCHEMA IF EXISTS " + model.retiredInto() + " CASCADE");
                statement.execute("CREATE SCHEMA " + model.retiredInto());
                for (String table : model.tables()) {
                    statement.execute("ALTER TABLE public." + table + " SET SCHEMA " + model.retiredInto());
                    statement.execute("ALTER TABLE " + model.buildingIn() + "." + table + " SET SCHEMA public");
                }
                moveFunctions(connection, model);
                statement.execute("DROP SCHEMA " + model.buildingIn());
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    connection.rollback();
                    return false;
                }
                throw e;
            }
            for (RebuildableModel.Part part : model.parts()) {
                forget(connection, part.name());
                for (String table : List.of("consumer_position", "applied_sequence", "parked_record")) {
                    try (PreparedStatement rename = connection.prepareStatement(
                            "UPDATE " + table + " SET consumer_name = ? WHERE consumer_name = ?")) {
                        rename.setString(1, part.name());
                        rename.setString(2, part.rebuildConsumer());
                        rename.executeUpdate();
                    }
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

    /**
     * Locks the live tables and the copy's for the switch, trying for at most {@code ONE_TRY} at a time (far below
     * PostgreSQL's deadlock timeout, so a query waiting behind a try is let go before it could be failed) until
     * {@code LOCK_WAIT} has passed.
     *
     * @return false when some table stayed locked by a reader all that time
     */
    private static boolean lockAll(Connection connection, RebuildableModel model) throws SQLException {
        List<String> tables = new ArrayList<>();
        for (String table : model.tables()) {
            tables.add("public." + table);
            tables.add(model.buildingIn() + "." + table);
        }
        long giveUpAt = System.nanoTime() + LOCK_WAIT.toNanos();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '" + ONE_TRY.toMillis() + "ms'");
            while (true) {
                Savepoint attempt = connection.setSavepoint();
                try {
                    statement.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
                    connection.releaseSavepoint(attempt);
                    return true;
                } catch (SQLException e) {
                    if (!"55P03".equals(e.getSQLState())) {
                        throw e;
                    }
                    connection.rollback(attempt);
                    if (System.nanoTime() > giveUpAt) {
                        return false;
                    }
                }
            }
        }
    }

    /**
     * Gives the planner the copy's tables as they are now. A table made empty for the copy has no statistics until
     * autovacuum comes to it, which can be a minute into the rebuild; and a session that keeps one plan for a
     * statement it has run often makes that plan again when a table it reads is replaced, for the table as it is
     * then: nearly empty, where reading it whole is the cheapest way to find a poll's cases. That plan stays until the
     * table is analyzed. An {@code ANALYZE} gives the statistics and makes every session plan its statements again.
     */
    void analyze(RebuildableModel model) {
        inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + model.tables().stream()
                        .map(table -> model.buildingIn() + "." + table).collect(Collectors.joining(", ")));
            }
            return null;
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

    /**
     * Gives each index of the copy's tables the name of the live index it copies, and so each constraint an index
     * backs the name of the live one. {@code CREATE TABLE … (LIKE … INCLUDING ALL)} names the indexes it copies anew,
     * after their columns, and the switch makes the copy the live table: a rebuild left the live model's indexes under
     * names no migration gave them, and a migration that names one would fail where the model had been rebuilt. An
     * index and its copy are told apart from the others by their definition without their name and their table's
     * schema; the copies take names of their own first, so that no name is taken twice on the way.
     */
    private static void nameIndexesAsLive(Connection connection, RebuildableModel model) throws SQLException {
        List<String> renames = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                WITH building AS (SELECT CAST(? AS TEXT) AS schemaname),
                     indexes AS (
                    SELECT schemaname, tablename, indexname,
                           regexp_replace(indexdef, '^(CREATE (UNIQUE )?INDEX )\\S+ ON \\S+ ', '\\1ON ') AS made_as
                      FROM pg_indexes
                     WHERE (schemaname = 'public' OR schemaname = (SELECT schemaname FROM building))
                       AND tablename = ANY (?)),
                     numbered AS (
                    SELECT *, row_number() OVER (PARTITION BY schemaname, tablename, made_as ORDER BY indexname) AS n
                      FROM indexes),
                     paired AS (
                    SELECT copy.indexname AS copied, live.indexname AS named,
                           row_number() OVER (ORDER BY copy.indexname) AS k
                      FROM numbered copy
                      JOIN numbered live USING (tablename, made_as, n)
                     WHERE copy.schemaname = (SELECT schemaname FROM building) AND live.schemaname = 'public'
                       AND copy.indexname <> live.indexname)
                SELECT format('ALTER INDEX %1$I.%2$I RENAME TO %3$I', (SELECT schemaname FROM building),
                              renames.from_name, renames.to_name)
                  FROM (SELECT 1 AS step, k, copied AS from_name, 'rebuild_renamed_' || k AS to_name FROM paired
                        UNION ALL
                        SELECT 2, k, 'rebuild_renamed_' || k, named FROM paired) AS renames
                 ORDER BY renames.step, renames.k""")) {
            query.setString(1, model.buildingIn());
            query.setArray(2, connection.createArrayOf("text", model.tables().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    renames.add(rows.getString(1));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String rename : renames) {
                statement.execute(rename);
            }
        }
    }

    /**
     * Gives the copy's tables the live tables' triggers, each running a copy of its function made in the copy's
     * schema, together with every function of {@code public} typed by a row of the model's tables (those the trigger
     * functions call). A definition is read from the catalog with only {@code public} in the search path, so that it
     * names types and functions without a schema, and made again with the copy's schema first: a parameter of a
     * table's row type then takes the copy's row type, and a trigger the copy's table and function. The functions'
     * bodies name tables without a schema, and each call finds them through the search path of its transaction, which
     * is the copy's schema first for the rebuild's consumers and {@code public} alone for the live ones. A function
     * that pins its own search path would find the same tables in both, so such a function stops the rebuild here.
     */
    private static void copyTriggers(Connection connection, RebuildableModel model) throws SQLException {
        List<String> functions = new ArrayList<>();
        List<String> triggers = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path = public");
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT p.proname, pg_get_functiondef(p.oid), COALESCE(array_to_string(p.proconfig, ' '), '')
                      FROM pg_proc p
                     WHERE p.pronamespace = 'public'::regnamespace
                       AND (p.oid IN (SELECT t.tgfoid
                                        FROM pg_trigger t
                                        JOIN pg_class c ON c.oid = t.tgrelid
                                       WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
                                         AND c.relname = ANY (?))
                            OR EXISTS (SELECT 1
                                         FROM pg_class c
                                        WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY (?)
                                          AND (c.reltype = ANY (CAST(p.proargtypes AS OID[]))
                                               OR c.reltype = ANY (COALESCE(p.proallargtypes, '{}'))
                                               OR c.reltype = p.prorettype)))
                     ORDER BY p.proname""")) {
                query.setArray(1, connection.createArrayOf("text", model.tables().toArray()));
                query.setArray(2, connection.createArrayOf("text", model.tables().toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getString(3).contains("search_path=")) {
                            throw new IllegalStateException("Function " + rows.getString(1) + " pins its search "
                                    + "path, so its copy would write the live tables; " + model.name()
                                    + " cannot be rebuilt beside the live model");
                        }
                        String definition = rows.getString(2);
                        String header = "FUNCTION public.";
                        int at = definition.indexOf(header);
                        functions.add(definition.substring(0, at).replace("CREATE OR REPLACE", "CREATE")
                                + "FUNCTION " + model.buildingIn() + "." + definition.substring(at + header.length()));
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT pg_get_triggerdef(t.oid, true)
                      FROM pg_trigger t
                      JOIN pg_class c ON c.oid = t.tgrelid
                     WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY (?)
                     ORDER BY c.relname, t.tgname""")) {
                query.setArray(1, connection.createArrayOf("text", model.tables().toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        triggers.add(rows.getString(1));
                    }
                }
            }
            statement.execute("SET LOCAL search_path = " + model.buildingIn() + ", public");
            statement.execute("SET LOCAL check_function_bodies = off");
            for (String function : functions) {
                statement.execute(function);
            }
            for (String trigger : triggers) {
                statement.execute(trigger);
            }
            statement.execute("SET LOCAL check_function_bodies = on");
            statement.execute("SET LOCAL search_path = public");
        }
    }

    /**
     * At the switch, after the tables: the live model's functions into the retired schema, with the tables whose
     * triggers run them, and the copy's into {@code public}, with theirs. A trigger keeps its function wherever the
     * function is moved, so each model's triggers go on running its own functions.
     */
    private static void moveFunctions(Connection connection, RebuildableModel model) throws SQLException {
        List<String> live = functions(connection, """
                SELECT CAST(CAST(p.oid AS REGPROCEDURE) AS TEXT)
                  FROM pg_proc p
                 WHERE p.pronamespace = 'public'::regnamespace
                   AND p.proname IN (SELECT proname FROM pg_proc WHERE pronamespace = CAST(? AS REGNAMESPACE))""",
                model.buildingIn());
        try (Statement statement = connection.createStatement()) {
            for (String function : live) {
                statement.execute("ALTER FUNCTION " + function + " SET SCHEMA " + model.retiredInto());
            }
        }
        List<String> copied = functions(connection, """
                SELECT CAST(CAST(p.oid AS REGPROCEDURE) AS TEXT)
                  FROM pg_proc p
                 WHERE p.pronamespace = CAST(? AS REGNAMESPACE)""", model.buildingIn());
        try (Statement statement = connection.createStatement()) {
            for (String function : copied) {
                statement.execute("ALTER FUNCTION " + function + " SET SCHEMA public");
            }
        }
    }

    private static List<String> functions(Connection connection, String query, String schema) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, schema);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
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
