package org.caseledger.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * How the harness signs in to the stack's PostgreSQL, for every database it reads or writes: the one place to change
 * when the databases' roles change. Today the local stack has one user, {@code postgres}, without a password; a role
 * and a password (given as such or in a file) come from options or the environment.
 *
 * @param password null when the server asks for none
 */
public record DatabaseLogin(String host, int port, String user, String password) {

    /** The harness's own connections carry this name, so its share of PostgreSQL's CPU is told apart. */
    public static final String APPLICATION_NAME = "caseledger-bench";

    public static final String USER_VARIABLE = "CASELEDGER_BENCH_DB_USER";
    public static final String PASSWORD_VARIABLE = "CASELEDGER_BENCH_DB_PASSWORD";
    public static final String PASSWORD_FILE_VARIABLE = "CASELEDGER_BENCH_DB_PASSWORD_FILE";

    private static final String DEFAULT_USER = "postgres";

    /**
     * @param user         {@code --db-user}, or null for the environment's or the default
     * @param passwordFile {@code --db-password-file}, or null for the environment's
     */
    public static DatabaseLogin of(Map<String, String> environment, int port, String user, Path passwordFile) {
        String chosenUser = user != null ? user : environment.getOrDefault(USER_VARIABLE, DEFAULT_USER);
        Path file = passwordFile != null ? passwordFile
                : environment.containsKey(PASSWORD_FILE_VARIABLE) ? Path.of(environment.get(PASSWORD_FILE_VARIABLE)) : null;
        String password = file != null ? read(file) : environment.get(PASSWORD_VARIABLE);
        return new DatabaseLogin("localhost", port, chosenUser, password);
    }

    public String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // Batched inserts as one multi-row statement: the limit of what the server takes, not of the wire protocol.
        properties.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(url(database), properties);
    }

    @Override
    public String toString() {
        return "DatabaseLogin[" + user + "@" + host + ":" + port + (password == null ? ", no password]" : ", password]");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the database password from " + file, e);
        }
    }
}
