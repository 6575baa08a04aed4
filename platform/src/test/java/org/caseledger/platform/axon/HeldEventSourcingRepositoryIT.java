package org.caseledger.platform.axon;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.CountingDataSource;
import org.caseledger.platform.testing.MovingClock;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Aggregates held in memory by the instance that last wrote them, on an event store migrated as a service's is: used
 * again after one query rather than read from their events, read again when another instance wrote to them since, and
 * never held after a command that forgets them, nor past their number or their time.
 */
class HeldEventSourcingRepositoryIT {

    record OpenNotebook(String notebookId) {
    }

    record TakeNote(@TargetAggregateIdentifier String notebookId, String text) {
    }

    record TearOut(@TargetAggregateIdentifier String notebookId) {
    }

    record NotebookOpened(String notebookId) {
    }

    record NoteTaken(String notebookId, String text) {
    }

    record PagesTornOut(String notebookId) {
    }

    /** An aggregate of no particular service: a note taken answers the notes it held before. */
    static class Notebook {

        @AggregateIdentifier
        private String notebookId;
        private final List<String> notes = new ArrayList<>();

        Notebook() {
        }

        @CommandHandler
        Notebook(OpenNotebook command) {
            apply(new NotebookOpened(command.notebookId()));
        }

        @CommandHandler
        List<String> handle(TakeNote command) {
            List<String> before = List.copyOf(notes);
            apply(new NoteTaken(notebookId, command.text()));
            return before;
        }

        @CommandHandler
        void handle(TearOut command) {
            apply(new PagesTornOut(notebookId));
        }

        @EventSourcingHandler
        void on(NotebookOpened event) {
            notebookId = event.notebookId();
        }

        @EventSourcingHandler
        void on(NoteTaken event) {
            notes.add(event.text());
        }

        @EventSourcingHandler
        void on(PagesTornOut event) {
            notes.clear();
        }
    }

    private static final Serializer JSON = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    private static final HeldEventSourcingRepository.Holding HOLDING = new HeldEventSourcingRepository.Holding(
            100, Duration.ofMinutes(5), command -> command instanceof TearOut);
    private static TestDatabase database;

    private final List<Configuration> running = new ArrayList<>();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-07T10:00:00Z"));

    @BeforeAll
    static void migrate() {
        database = RealInfrastructure.get().database("held_aggregates");
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword())
                .locations("classpath:db/roles", "classpath:db/axon")
                .placeholders(Map.of("runtime_role", database.runtimeRole()))
                .load().migrate();
    }

    @AfterEach
    void shutDown() {
        running.forEach(Configuration::shutdown);
    }

    @Test
    void anAggregateWrittenHereIsUsedAgainAfterOneQuery() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        Configuration instance = held(statements);
        Configuration unheld = instance(statements, Aggregates.eventSourced(Notebook.class));
        String notebook = opened(instance);
        send(instance, new TakeNote(notebook, "one"));
        statements.executedSinceLastAsked();

        assertThat(notes(instance, new TakeNote(notebook, "two"))).containsExactly("one");
        assertThat(reads(statements.executedSinceLastAsked())).as("the highest sequence number, no event read")
                .containsExactly("max");

        assertThat(notes(unheld, new TakeNote(notebook, "three"))).containsExactly("one", "two");
        assertThat(reads(statements.executedSinceLastAsked())).as("without the memory: its events")
                .containsExactly("events");
    }

    @Test
    void anAggregateAnotherInstanceWroteToSinceIsReadAgain() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        Configuration here = held(statements);
        Configuration there = held(statements);
        String notebook = opened(here);
        send(here, new TakeNote(notebook, "here"));
        send(there, new TakeNote(notebook, "there"));
        statements.executedSinceLastAsked();

        assertThat(notes(here, new TakeNote(notebook, "here again"))).as("recorded, on the state the store holds")
                .containsExactly("here", "there");
        assertThat(reads(statements.executedSinceLastAsked())).containsExactly("max", "events");
        assertThat(notes(there, new TakeNote(notebook, "there again")))
                .containsExactly("here", "there", "here again");
    }

    @Test
    void anAggregateIsNotHeldAfterACommandThatForgetsIt() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        Configuration instance = held(statements);
        String notebook = opened(instance);
        send(instance, new TakeNote(notebook, "one"));
        send(instance, new TearOut(notebook));
        statements.executedSinceLastAsked();

        assertThat(notes(instance, new TakeNote(notebook, "two"))).isEmpty();
        assertThat(reads(statements.executedSinceLastAsked())).containsExactly("events");
    }

    @Test
    void anAggregateRefusedIsNotHeldWithWhatItApplied() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        Configuration instance = held(statements);
        String notebook = opened(instance);
        send(instance, new TakeNote(notebook, "one"));
        // A note whose event the store refuses: its sequence number is taken by the time it is appended, by an
        // instance in a thread of its own (this one's unit of work is this thread's).
        statements.beforeEach(sql -> {
            if (sql.toLowerCase(Locale.ROOT).startsWith("insert")) {
                statements.beforeEach(next -> { });
                CompletableFuture.runAsync(() -> notes(elsewhere(), new TakeNote(notebook, "elsewhere"))).join();
            }
        });
        assertThat(sent(instance, new TakeNote(notebook, "lost the race"))).isInstanceOf(ConcurrencyException.class);
        statements.executedSinceLastAsked();

        assertThat(notes(instance, new TakeNote(notebook, "two"))).containsExactly("one", "elsewhere");
        assertThat(reads(statements.executedSinceLastAsked())).containsExactly("events");
    }

    @Test
    void atMostSoManyAreHeldAndEachForSoLong() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        Configuration instance = instance(statements, Aggregates.eventSourcedAndHeld(Notebook.class,
                new HeldEventSourcingRepository.Holding(2, Duration.ofMinutes(5), HOLDING.forgetAfter()), clock));
        String first = opened(instance);
        opened(instance);
        String third = opened(instance);
        statements.executedSinceLastAsked();

        send(instance, new TakeNote(first, "put longest ago, dropped"));
        send(instance, new TakeNote(third, "held"));
        assertThat(reads(statements.executedSinceLastAsked())).containsExactly("events", "max");

        clock.advance(Duration.ofMinutes(5));
        send(instance, new TakeNote(third, "its time ran out"));
        assertThat(reads(statements.executedSinceLastAsked())).containsExactly("events");
    }

    /** What each statement that reads the event store read: its events, or the highest sequence number. */
    private static List<String> reads(List<String> executed) {
        return executed.stream()
                .map(sql -> sql.toLowerCase(Locale.ROOT))
                .filter(sql -> sql.startsWith("select") && sql.contains("domainevententry"))
                .map(sql -> sql.startsWith("select max(") ? "max" : "events")
                .toList();
    }

    private String opened(Configuration instance) {
        String notebook = UUID.randomUUID().toString();
        send(instance, new OpenNotebook(notebook));
        return notebook;
    }

    private static void send(Configuration instance, Object command) {
        instance.commandGateway().sendAndWait(command);
    }

    /** The notes the notebook held before this one. */
    private static List<String> notes(Configuration instance, TakeNote command) {
        return instance.commandGateway().sendAndWait(command);
    }

    private static Object sent(Configuration instance, Object command) {
        try {
            return instance.commandGateway().sendAndWait(command);
        } catch (RuntimeException refused) {
            return refused;
        }
    }

    /** An instance holding its notebooks as {@link #HOLDING} says. */
    private Configuration held(CountingDataSource statements) {
        return instance(statements, Aggregates.eventSourcedAndHeld(Notebook.class, HOLDING, clock));
    }

    private Configuration instance(CountingDataSource statements, AggregateConfigurer<Notebook> notebooks) {
        Configuration configuration = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> JdbcStorageEngine.of(JdbcEventStorageEngine.builder()
                        .connectionProvider(new DataSourceConnectionProvider(statements))
                        .transactionManager(NoTransactionManager.INSTANCE)
                        .persistenceExceptionResolver(new DuplicateEventKeys())
                        .eventSerializer(JSON)
                        .snapshotSerializer(JSON)))
                .configureAggregate(notebooks)
                .buildConfiguration();
        configuration.start();
        running.add(configuration);
        return configuration;
    }

    /** An instance that holds nothing, on a data source of its own. */
    private Configuration elsewhere() {
        return instance(new CountingDataSource(database.runtimeDataSource()), Aggregates.eventSourced(Notebook.class));
    }
}
