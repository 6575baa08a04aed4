package org.caseledger.platform.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a stored checkpoint back as it was signed. */
final class Checkpoints {

    private Checkpoints() {
    }

    static Checkpoint fromRow(ResultSet row, int rowNumber) throws SQLException {
        return new Checkpoint(row.getString("format"), row.getString("service"), row.getLong("number"),
                row.getLong("up_to_global_index"), row.getLong("events"), row.getLong("aggregates"),
                row.getString("merkle_root"), row.getString("created_at"), row.getString("key_id"),
                row.getString("signature"));
    }
}
