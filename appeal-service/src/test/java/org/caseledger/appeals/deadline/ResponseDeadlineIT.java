package org.caseledger.appeals.deadline;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.FileAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.CaseId;
import org.caseledger.appeals.AppealServiceApplication;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The response deadline with the real persistent deadline manager: db-scheduler's table in PostgreSQL, the service
 * stopped and started again in between, the clock moved instead of waited for.
 * <p>
 * Not a {@link org.caseledger.appeals.RunningAppealService}: each test starts and stops the service itself, with a
 * clock of its own and its own database, whose deadlines nobody else's appeals may fire or move.
 */
class ResponseDeadlineIT {

    static final String DATABASE = "appeals_deadlines";
    static final Duration POLLING = Duration.ofMillis(500);

    final MovableClock clock = new MovableClock();
    ConfigurableApplicationContext service;

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    /**
     * The deadline fires after a restart, and then once more, as it would after a crash between storing the overdue
     * fact and db-scheduler removing its task: the task is put back as the crash would have left it, and the test
     * waits until db-scheduler has executed it again.
     */
    @Test
    void unansweredAppealIsOverdueExactlyOnceAcrossARestartAndADeadlineFiredTwice() {
        start();
        AppealId appealId = file();
        Map<String, Object> task = scheduledDeadlineOf(appealId);
        service.close();

        clock.advance(Duration.ofDays(31));
        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> overdueEventsOf(appealId) == 1
                && scheduledDeadlinesOf(appealId) == 0);

        jdbc().sql("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,
                                                     version)
                        VALUES (:task_name, :task_instance, :task_data, :execution_time, FALSE, 1)""")
                .params(task).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduledDeadlinesOf(appealId) == 0);

        assertThat(overdueEventsOf(appealId)).isOne();
    }

    /**
     * The scheduler takes the deadline in the instant the answer cancels it: between the deadline manager reading the
     * waiting execution and removing it by its version. A trigger that keeps the row makes the removal find nothing,
     * as the version the scheduler moved on would. The answer is recorded all the same, and the deadline that then
     * fires leaves the answered appeal as it is.
     */
    @Test
    void answerIsRecordedWhenTheSchedulerTakesItsDeadlineWhileItIsCancelled() {
        start();
        AppealId appealId = file();
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(DATABASE));
        superuser.sql("""
                CREATE FUNCTION keep_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RETURN NULL; END $$""").update();
        superuser.sql("""
                CREATE TRIGGER taken_by_the_scheduler BEFORE DELETE ON scheduled_tasks
                   FOR EACH ROW WHEN (convert_from(OLD.task_data, 'UTF8') LIKE '%%%s%%')
                EXECUTE FUNCTION keep_deadline()""".formatted(appealId.value())).update();
        try {
            commands().sendAndWait(new RecordAppealResponse(appealId, ResponseType.INFORMATION_REQUESTED,
                    LocalDate.now(clock), "Asked for his birth certificate"));
        } finally {
            superuser.sql("DROP TRIGGER taken_by_the_scheduler ON scheduled_tasks").update();
            superuser.sql("DROP FUNCTION keep_deadline()").update();
        }
        assertThat(eventsOf(appealId, "AppealResponseRecorded")).isOne();
        assertThat(scheduledDeadlinesOf(appealId)).isOne();

        clock.advance(Duration.ofDays(31));

        await().atMost(Duration.ofSeconds(30)).until(() -> scheduledDeadlinesOf(appealId) == 0);
        assertThat(overdueEventsOf(appealId)).isZero();
    }

    /** An appeal left unanswered beside it becomes overdue: deadlines did fire, and the answered one's did not. */
    @Test
    void answerBeforeTheDueDayCancelsTheDeadline() {
        start();
        AppealId appealId = file();
        AppealId unanswered = file();

        commands().sendAndWait(new RecordAppealResponse(appealId, ResponseType.INFORMATION_REQUESTED,
                LocalDate.now(clock), "Asked for his birth certificate"));
        assertThat(scheduledDeadlinesOf(appealId)).isZero();

        clock.advance(Duration.ofDays(31));
        service.close();
        start();

        await().atMost(Duration.ofSeconds(30)).until(() -> overdueEventsOf(unanswered) == 1);
        assertThat(overdueEventsOf(appealId)).isZero();
    }

    /** An appeal filed two days earlier is overdue by then: deadlines that are due did fire. */
    @Test
    void appealIsNotOverdueBeforeItsDueDayHasPassed() {
        start();
        AppealId appealId = file();
        AppealId filedEarlier = file(LocalDate.now(clock).minusDays(2));

        clock.advance(Duration.ofDays(29));

        await().atMost(Duration.ofSeconds(30)).until(() -> overdueEventsOf(filedEarlier) == 1);
        assertThat(overdueEventsOf(appealId)).isZero();
        assertThat(scheduledDeadlinesOf(appealId)).isOne();
    }

    /**
     * Files an appeal to the ombudsman, who is expected to answer within 30 days. Its case is put on record as the
     * known-cases consumer would put it: the deadline is what is tested here, and the same consumer of another test's
     * service in this JVM shares its consumer group and may take the case's partition.
     */
    private AppealId file() {
        return file(LocalDate.now(clock));
    }

    private AppealId file(LocalDate filedOn) {
        CaseId caseId = CaseId.random();
        PersonalDataTestKeys.holder().keyFor(caseId.value());
        jdbc().sql("""
                        INSERT INTO known_case (case_id, case_number, state, version, updated_at)
                        VALUES (?, ?, 'OPEN', 0, now())""")
                .params(caseId.value(), System.nanoTime() % 1_000_000_000L)
                .update();
        AppealId appealId = AppealId.random();
        commands().sendAndWait(new FileAppeal(appealId, caseId, new AuthorityId("kz-ombudsman"),
                AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn, "Asked for a meeting", null));
        return appealId;
    }

    private void start() {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        TestDatabase database = infrastructure.database(DATABASE);
        List<String> arguments = new ArrayList<>(database.arguments());
        arguments.addAll(List.of("--server.port=0", "--management.server.port=0",
                "--spring.datasource.password=" + database.runtimePassword(),
                "--spring.flyway.password=" + database.ownerPassword(),
                "--caseledger.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--db-scheduler.polling-interval=" + POLLING.toMillis() + "ms",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.get().issuer()));
        PersonalDataTestKeys.consumerProperties(PersonalDataTestKeys.holder().url())
                .forEach((name, value) -> arguments.add("--" + name + "=" + value));
        service = new SpringApplicationBuilder(AppealServiceApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run(arguments.toArray(String[]::new));
        assertThat(service.getBean(Clock.class)).isSameAs(clock);
    }

    private CommandGateway commands() {
        return service.getBean(CommandGateway.class);
    }

    private long overdueEventsOf(AppealId appealId) {
        return eventsOf(appealId, "AppealResponseOverdue");
    }

    private long eventsOf(AppealId appealId, String eventType) {
        return jdbc().sql("""
                        SELECT count(*) FROM domainevententry
                         WHERE aggregateidentifier = ? AND payloadtype LIKE ?
                        """)
                .params(appealId.value(), "%." + eventType).query(Long.class).single();
    }

    private Map<String, Object> scheduledDeadlineOf(AppealId appealId) {
        return jdbc().sql("""
                        SELECT task_name, task_instance, task_data, execution_time FROM scheduled_tasks
                         WHERE convert_from(task_data, 'UTF8') LIKE ?""")
                .param("%" + appealId.value() + "%").query().singleRow();
    }

    private long scheduledDeadlinesOf(AppealId appealId) {
        return jdbc().sql("SELECT count(*) FROM scheduled_tasks WHERE convert_from(task_data, 'UTF8') LIKE ?")
                .param("%" + appealId.value() + "%").query(Long.class).single();
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(RealInfrastructure.get().database(DATABASE).runtimeDataSource());
    }
}
