package org.caseledger.platform.database;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A service's PostgreSQL database laid out the way its migrations expect: the database and every table in it belong
 * to the owner role, which runs the Flyway migrations; the service runs as its runtime role, which may connect and
 * gets only what the migrations grant it (never UPDATE, DELETE or TRUNCATE on the event store). No other role but a
 * superuser may connect. Provisioning is idempotent: it creates what is missing, sets both passwords (hashed with
 * SCRAM by the client, so they never travel or land in a log in clear), and takes over tables an earlier version
 * created as another role, so that a database upgraded in place ends up like a new one.
 *
 * @param name        the database, e.g. {@code cases}
 * @param runtimeRole the role the service connects as, e.g. {@code case_service}; the owner is {@code <runtimeRole>_owner}
 */
public record ServiceDatabase(String name, String runtimeRole) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public ServiceDatabase {
        requireIdentifier(name);
        requireIdentifier(runtimeRole);
        requireIdentifier(runtimeRole + "_owner");
    }

    public String ownerRole() {
        return runtimeRole + "_owner";
    }

    /** Opens a superuser connection to the named database of the same server. */
    @FunctionalInterface
    public interface Connector {
        Connection connect(String database) throws SQLException;
    }

    public void provision(Connector superuser, String ownerPassword, String runtimePassword) throws SQLException {
        try (Connection server = superuser.connect("postgres")) {
            loginRole(server, ownerRole(), ownerPassword);
            loginRole(server, runtimeRole, runtimePassword);
            ownedDatabase(server, name, ownerRole());
            try (Statement statement = server.createStatement()) {
                statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + runtimeRole);
            }
        }
        try (Connection database = superuser.connect(name)) {
            adoptPublicSchema(database, ownerRole());
        }
    }

    /** Creates the role when missing, or makes an existing one a plain login role, and sets its password. */
    public static void loginRole(Connection server, String role, String password) throws SQLException {
        requireIdentifier(role);
        try (Statement statement = server.createStatement()) {
            String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
            statement.execute((exists(server, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)
                    ? "ALTER ROLE " : "CREATE ROLE ") + role + attributes);
        }
        server.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /** Creates the database owned by {@code owner}, or hands an existing one to it; only its own roles may connect. */
    public static void ownedDatabase(Connection server, String database, String owner) throws SQLException {
        requireIdentifier(database);
        requireIdentifier(owner);
        try (Statement statement = server.createStatement()) {
            if (exists(server, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("ALTER DATABASE " + database + " OWNER TO " + owner);
            } else {
                statement.execute("CREATE DATABASE " + database + " OWNER " + owner);
            }
            statement.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
        }
    }

    /**
     * Hands every table, sequence and view of schema {@code public} that another role created (the superuser, before
     * the services had roles of their own) to the owner, so that its migrations can grant on them.
     */
    static void adoptPublicSchema(Connection database, String owner) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (PreparedStatement query = database.prepareStatement("""
                SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                      ELSE 'TABLE' END, quote_ident(c.relname)
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                   AND pg_get_userbyid(c.relowner) <> ?
                   -- a sequence owned by a column follows its table
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                    WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype = 'a')
                """)) {
            query.setString(1, owner);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statements.add("ALTER " + rows.getString(1) + " public." + rows.getString(2) + " OWNER TO " + owner);
                }
            }
        }
        try (Statement statement = database.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    // Names go into SQL as identifiers, which cannot be bound as parameters.
    private static void requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain lower-case PostgreSQL name");
        }
    }
}
