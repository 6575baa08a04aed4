package org.caseledger.platform.ledger;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's event store and signed checkpoints as of one moment, read in the order a chain check needs them: every
 * checkpoint first, then the events by aggregate and sequence number, streamed (a checkpoint made meanwhile is left
 * for the next reading).
 */
final class StoreSnapshot {

    private static final int FETCH_SIZE = 1000;

    /** Takes what the snapshot holds, checkpoints first. */
    interface Visitor {

        void checkpoints(List<Checkpoint> checkpoints) throws IOException;

        void event(StoredEvent event) throws IOException;
    }

    private StoreSnapshot() {
    }

    static void read(DataSource dataSource, Visitor visitor) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            // PostgreSQL's driver streams a result in batches of the fetch size only inside a transaction; without
            // one it would hold the whole store in memory. Repeatable read: the checkpoints and the events as of
            // one moment.
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement events = connection.prepareStatement("""
                    SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, payloadtype,
                           payloadrevision, timestamp, metadata, payload, chainhash
                      FROM domainevententry ORDER BY aggregateidentifier, sequencenumber""")) {
                visitor.checkpoints(checkpoints(connection));
                events.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = events.executeQuery()) {
                    while (rows.next()) {
                        visitor.event(event(rows));
                    }
                }
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the event store", e);
        }
    }

    /** For readers that write nowhere: an {@link IOException} cannot come. */
    static void read(DataSource dataSource, Visitor visitor, String purpose) {
        try {
            read(dataSource, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + purpose, e);
        }
    }

    private static List<Checkpoint> checkpoints(Connection connection) throws SQLException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM ledger_checkpoint ORDER BY number");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                checkpoints.add(Checkpoints.fromRow(rows, rows.getRow()));
            }
        }
        return checkpoints;
    }

    private static StoredEvent event(ResultSet row) throws SQLException {
        return new StoredEvent(row.getLong("globalindex"), row.getString("aggregateidentifier"),
                row.getLong("sequencenumber"), row.getString("type"), row.getString("eventidentifier"),
                row.getString("payloadtype"), row.getString("payloadrevision"), row.getString("timestamp"),
                row.getBytes("metadata"), row.getBytes("payload"), row.getBytes("chainhash"));
    }
}
