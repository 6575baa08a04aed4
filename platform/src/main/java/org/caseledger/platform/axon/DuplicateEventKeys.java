package org.caseledger.platform.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells Axon that an append failed because another writer stored the aggregate's next event first: PostgreSQL's
 * unique violation (SQLSTATE 23505) on the event table's key. Axon's own resolver looks for
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never raises, so without this a race
 * between two instances of a service over one database was an event-store failure (500) instead of the
 * {@code ConcurrencyException} it is (409: read again and retry).
 */
final class DuplicateEventKeys implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = exception; cause != null && seen.put(cause, Boolean.TRUE) == null;
             cause = cause.getCause()) {
            if (cause instanceof SQLException sql && uniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    /** A batch's own exception and the ones it chains as "next" (the driver's way of giving each entry's error). */
    private static boolean uniqueViolation(SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
            if (next.getNextException() == next) {
                return false;
            }
        }
        return false;
    }
}
