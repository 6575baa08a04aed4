package org.caseledger.appeals.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerHumanReadableDeadlineDetails;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import java.time.Clock;
import java.util.Optional;

/**
 * Response deadlines are kept in this service's PostgreSQL by db-scheduler (table {@code scheduled_tasks}), so a
 * deadline survives restarts and is taken by exactly one instance. Axon would configure this by itself once a
 * db-scheduler is present; it is configured here to store deadlines as JSON rather than as serialised Java objects,
 * readable in the table and never deserialising arbitrary classes, and to make the scheduler read the service's
 * {@link Clock}, so that a test which moves the clock makes deadlines fall due.
 */
@org.springframework.context.annotation.Configuration
class DeadlineConfiguration {

    @Bean
    com.github.kagkarlsson.scheduler.Clock dbSchedulerClock(Clock clock) {
        return clock::instant;
    }

    @Bean
    DbSchedulerCustomizer jsonTaskData() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new JacksonSerializer());
            }
        };
    }

    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerHumanReadableDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
        return DbSchedulerDeadlineManager.humanReadableTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
    }

    @Bean
    DeadlineManager deadlineManager(Scheduler scheduler,
                                    @Qualifier("deadlineDetailsTask") Task<DbSchedulerHumanReadableDeadlineDetails> task,
                                    Configuration configuration,
                                    @Qualifier("eventSerializer") org.axonframework.serialization.Serializer serializer,
                                    TransactionManager transactionManager,
                                    DeadlineManagerSpanFactory spanFactory) {
        DbSchedulerDeadlineManager.Builder builder = DbSchedulerDeadlineManager.builder()
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .transactionManager(transactionManager)
                // db-scheduler's Spring Boot starter starts and stops the scheduler with the context.
                .startScheduler(false)
                .stopScheduler(false);
        return new TolerantDeadlineManager(builder, scheduler, task, serializer, spanFactory);
    }
}
