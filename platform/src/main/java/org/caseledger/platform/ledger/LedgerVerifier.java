package org.caseledger.platform.ledger;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * Verifies every chain of the service's event store and every signed checkpoint, reading them in one snapshot (a
 * checkpoint made during the verification is left for the next).
 */
public class LedgerVerifier {

    private final DataSource dataSource;
    private final Optional<LedgerKeys> keys;

    public LedgerVerifier(DataSource dataSource, Optional<LedgerKeys> keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    public LedgerVerification verify() {
        long started = System.nanoTime();
        ChainCheck[] check = new ChainCheck[1];
        StoreSnapshot.read(dataSource, new StoreSnapshot.Visitor() {
            @Override
            public void checkpoints(List<Checkpoint> checkpoints) {
                check[0] = new ChainCheck(checkpoints, keys);
            }

            @Override
            public void event(StoredEvent event) {
                check[0].accept(event);
            }
        }, "read the event store to verify it");
        return check[0].result(started);
    }
}
