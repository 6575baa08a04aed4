package org.caseledger.platform.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * Axon's embedded event store, which wakes its readers (the publisher's) once a unit of work has committed its
 * events, but not before they can be seen: a unit of work inside a transaction opened around it commits nothing of
 * its own, and its events are seen once that transaction commits. Woken before, the readers would read the store for
 * nothing and then wait for their next poll.
 */
final class CommittedEventStore extends EmbeddedEventStore {

    CommittedEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        onceCommitted(() -> super.afterCommit(events));
    }

    /** Runs now, or, inside a transaction still open, once it has committed (never, if it rolls back). */
    static void onceCommitted(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }
}
