package org.caseledger.appeals.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerHumanReadableDeadlineDetails;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * db-scheduler's deadline manager, except that cancelling a deadline which the scheduler took in the same instant is
 * not an error. Axon's manager reads the waiting executions and then removes each by its version; when the scheduler
 * picks one in between, the removal finds nothing and throws, and the answer that cancelled it failed with a 500
 * although nothing was wrong: the deadline is firing, and the appeal's handler ignores a deadline that arrives after
 * an answer or a closing. So a deadline that is already executing, already gone, or was taken between the read and the
 * removal counts as cancelled, and the command commits.
 */
class TolerantDeadlineManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(TolerantDeadlineManager.class);

    private final Scheduler scheduler;
    private final String taskName;
    private final Serializer serializer;
    private final DeadlineManagerSpanFactory spanFactory;

    TolerantDeadlineManager(Builder builder, Scheduler scheduler, Task<DbSchedulerHumanReadableDeadlineDetails> task,
                            Serializer serializer, DeadlineManagerSpanFactory spanFactory) {
        super(builder.scheduler(scheduler).serializer(serializer).spanFactory(spanFactory).useBinaryPojo(false));
        this.scheduler = scheduler;
        this.taskName = task.getName();
        this.serializer = serializer;
        this.spanFactory = spanFactory;
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        runOnPrepareCommitOrNow(spanFactory.createCancelAllWithinScopeSpan(deadlineName, scope).wrapRunnable(() -> {
            String descriptor = serializer.serialize(scope, String.class).getData();
            scheduler.fetchScheduledExecutionsForTask(taskName,
                    DbSchedulerHumanReadableDeadlineDetails.class, execution -> {
                        DbSchedulerHumanReadableDeadlineDetails details = execution.getData();
                        if (deadlineName.equals(details.getDeadlineName())
                                && descriptor.equals(details.getScopeDescriptor())) {
                            cancelUnlessTaken(execution);
                        }
                    });
        }));
    }

    private void cancelUnlessTaken(ScheduledExecution<DbSchedulerHumanReadableDeadlineDetails> execution) {
        try {
            scheduler.cancel(execution.getTaskInstance());
        } catch (TaskInstanceCurrentlyExecutingException | TaskInstanceNotFoundException | ExecutionException e) {
            log.info("Deadline {} was taken by the scheduler while it was being cancelled; it fires and is ignored",
                    execution.getTaskInstance().getId());
        }
    }
}
