package org.caseledger.platform.axon;

import org.caseledger.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the event store wakes its readers after a unit of work has committed: at once when the unit of work's
 * transaction was its own, and, inside a transaction opened around it (where the unit of work commits a savepoint),
 * once that transaction has committed, when the events can be seen; never when it rolls back.
 */
class CommittedEventStoreIT {

    private static TransactionTemplate transaction;
    private static TransactionTemplate savepoint;

    @BeforeAll
    static void database() {
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(
                RealInfrastructure.get().database("committed_wakes").runtimeDataSource());
        transaction = new TransactionTemplate(transactions);
        savepoint = new TransactionTemplate(transactions,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
    }

    @Test
    void outsideATransactionTheReadersAreWokenAtOnce() {
        AtomicInteger woken = new AtomicInteger();

        CommittedEventStore.onceCommitted(woken::incrementAndGet);

        assertThat(woken).hasValue(1);
    }

    @Test
    void insideATransactionTheReadersAreWokenOnceItHasCommitted() {
        AtomicInteger woken = new AtomicInteger();

        transaction.executeWithoutResult(status -> {
            savepoint.executeWithoutResult(row -> CommittedEventStore.onceCommitted(woken::incrementAndGet));
            savepoint.executeWithoutResult(row -> CommittedEventStore.onceCommitted(woken::incrementAndGet));
            assertThat(woken).as("two savepoints released, the transaction still open").hasValue(0);
        });

        assertThat(woken).as("woken for each, once the transaction committed").hasValue(2);
    }

    @Test
    void aTransactionRolledBackWakesNoReader() {
        AtomicInteger woken = new AtomicInteger();

        transaction.executeWithoutResult(status -> {
            savepoint.executeWithoutResult(row -> CommittedEventStore.onceCommitted(woken::incrementAndGet));
            status.setRollbackOnly();
        });

        assertThat(woken).hasValue(0);
    }
}
