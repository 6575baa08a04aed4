package org.caseledger.platform.ledger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Verifies every chain of the service's event store, reading it once in one snapshot. */
public class LedgerVerifier {

    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    public LedgerVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public LedgerVerification verify() {
        long started = System.nanoTime();
        ChainCheck check = new ChainCheck();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // PostgreSQL's driver streams a result in batches of the fetch size only inside a transaction; without
            // one it would hold the whole store in memory.
            connection.setAutoCommit(false);
            try (PreparedStatement events = connection.prepareStatement("""
                    SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, payloadtype,
                           payloadrevision, timestamp, metadata, payload, chainhash
                      FROM domainevententry ORDER BY aggregateidentifier, sequencenumber""")) {
                events.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = events.executeQuery()) {
                    while (rows.next()) {
                        check.accept(event(rows));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the event store to verify it", e);
        }
        return check.result((System.nanoTime() - started) / 1_000_000);
    }

    private static StoredEvent event(ResultSet row) throws SQLException {
        return new StoredEvent(row.getLong("globalindex"), row.getString("aggregateidentifier"),
                row.getLong("sequencenumber"), row.getString("type"), row.getString("eventidentifier"),
                row.getString("payloadtype"), row.getString("payloadrevision"), row.getString("timestamp"),
                row.getBytes("metadata"), row.getBytes("payload"), row.getBytes("chainhash"));
    }
}
