package org.caseledger.platform.web;

import org.springframework.dao.DataAccessResourceFailureException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a database that is not answering apart from every other failure: the request could not reach the store, and
 * the same request sent again once the store is back will be taken. PostgreSQL says so with SQLSTATE class 08
 * (connection exception) and 57P01–57P03 (shut down by an administrator, crashed, not accepting connections yet); the
 * connection pool says so when it cannot hand out a connection in time, and when a transaction goes on using a
 * connection the pool has already closed because the server dropped it (HikariCP's closed connection, which raises a
 * plain "Connection is closed" without a state).
 */
public final class StorageUnavailable {

    private static final String CLOSED_POOLED_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection";

    private StorageUnavailable() {
    }

    /** The failure in the chain of causes that says the database is unreachable, if one does. */
    public static Optional<Throwable> in(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null;
             cause = cause.getCause()) {
            if (says(cause)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static boolean says(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
                || cause instanceof ConnectException || cause instanceof DataAccessResourceFailureException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        }
        return cause instanceof SQLException && raisedByAClosedPooledConnection(cause);
    }

    private static boolean raisedByAClosedPooledConnection(Throwable cause) {
        StackTraceElement[] frames = cause.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().equals(CLOSED_POOLED_CONNECTION);
    }
}
