package org.caseledger.notifications.delivery;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;

/**
 * Puts a delivery's next attempt into db-scheduler's table, in the caller's transaction (the scheduler writes through
 * a transaction-aware data source): the delivery row and its attempt are stored together or not at all. Once the
 * transaction commits, the scheduler is woken, so a first attempt does not wait for its next poll.
 */
@Component
public class DeliveryQueue {

    private final ObjectProvider<Scheduler> scheduler;
    private final Deliveries deliveries;

    DeliveryQueue(ObjectProvider<Scheduler> scheduler, Deliveries deliveries) {
        this.scheduler = scheduler;
        this.deliveries = deliveries;
    }

    /** Gives a dead delivery a new round of the retry schedule, starting now; false unless it was dead. */
    public boolean retryDead(String deliveryId, Instant now) {
        if (!deliveries.revive(deliveryId, now)) {
            return false;
        }
        attemptAt(deliveryId, now);
        return true;
    }

    public void attemptAt(String deliveryId, Instant at) {
        Scheduler tasks = scheduler.getObject();
        tasks.scheduleIfNotExists(new TaskInstance<Void>(DeliveryTask.NAME, deliveryId), at);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            tasks.triggerCheckForDueExecutions();
        } else if (!TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, tasks);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    tasks.triggerCheckForDueExecutions();
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(DeliveryQueue.this);
                }
            });
        }
    }
}
