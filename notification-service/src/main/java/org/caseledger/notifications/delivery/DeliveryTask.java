package org.caseledger.notifications.delivery;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import java.time.Duration;

/**
 * The db-scheduler task that attempts deliveries; one task instance per pending delivery, named by its id. An
 * instance whose process died while it ran is taken up again once its heartbeat is old enough.
 */
public final class DeliveryTask {

    public static final String NAME = "notification-delivery";

    private DeliveryTask() {
    }

    public static Task<Void> task(Courier courier) {
        return Tasks.custom(NAME, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Courier.Next next = courier.attempt(instance.getId());
                    if (next instanceof Courier.Next.AttemptAt later) {
                        return (complete, operations) -> operations.reschedule(complete, later.at());
                    }
                    return (complete, operations) -> operations.remove();
                });
    }
}
