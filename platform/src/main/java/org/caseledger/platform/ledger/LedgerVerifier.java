package org.caseledger.platform.ledger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies every chain of the service's event store and every signed checkpoint, reading them in one snapshot (a
 * checkpoint made during the verification is left for the next).
 */
public class LedgerVerifier {

    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;
    private final Optional<LedgerKeys> keys;

    public LedgerVerifier(DataSource dataSource, Optional<LedgerKeys> keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    public LedgerVerification verify() {
        long started = System.nanoTime();
        ChainCheck check;
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
                check = new ChainCheck(checkpoints(connection), keys);
                events.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = events.executeQuery()) {
                    while (rows.next()) {
                        check.accept(event(rows));
                    }
                }
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the event store to verify it", e);
        }
        return check.result((System.nanoTime() - started) / 1_000_000);
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
