package org.caseledger.platform.axon;

import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.CountingDataSource;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How many round trips loading an aggregate costs, on an event store migrated as a service's is: one query for an
 * aggregate of fewer than a batch of events, where Axon's own engine takes three (the snapshot lookup, the events, an
 * empty range). No event is left behind, at a batch's edge or behind a gap in the sequence numbers (which the store's
 * hash chain refuses anyway), and an append that lost the race for a sequence number is still a concurrency conflict.
 */
class JdbcStorageEngineIT {

    /** An event of no particular service. */
    record NoteTaken(String text) {
    }

    private static final Serializer JSON = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    private static TestDatabase database;
    private static TestDatabase unchained;

    @BeforeAll
    static void migrate() {
        database = migrated("aggregate_reads", null);
        unchained = migrated("aggregate_reads_unchained", "0.1.1");
    }

    /** The store as a service has it, or as it was before a version ({@code target}). */
    private static TestDatabase migrated(String name, String target) {
        TestDatabase migrated = RealInfrastructure.get().database(name);
        var flyway = Flyway.configure()
                .dataSource(migrated.jdbcUrl(), migrated.ownerRole(), migrated.ownerPassword())
                .locations("classpath:db/roles", "classpath:db/axon")
                .placeholders(Map.of("runtime_role", migrated.runtimeRole()));
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
        return migrated;
    }

    @Test
    void anAggregateOfAFewEventsIsLoadedInOneQuery() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        String aggregate = recorded(engine(statements), 0, 1, 2);
        statements.executedSinceLastAsked();

        assertThat(loaded(engine(statements), aggregate)).containsExactly(0L, 1L, 2L);
        assertThat(statements.executedSinceLastAsked()).hasSize(1);

        assertThat(loaded(axonsOwn(statements), aggregate)).containsExactly(0L, 1L, 2L);
        assertThat(statements.executedSinceLastAsked()).as("Axon's: the snapshot, the events, an empty range")
                .hasSize(3);
    }

    @Test
    void aFullBatchIsFollowedByTheNext() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        String exactlyOneBatch = recorded(engine(statements), LongStream.range(0, 100).toArray());
        String twoAndAHalf = recorded(engine(statements), LongStream.range(0, 250).toArray());
        statements.executedSinceLastAsked();

        assertThat(loaded(engine(statements), exactlyOneBatch)).hasSize(100);
        assertThat(statements.executedSinceLastAsked()).hasSize(2);
        assertThat(loaded(engine(statements), twoAndAHalf)).containsExactly(LongStream.range(0, 250).boxed()
                .toArray(Long[]::new));
        assertThat(statements.executedSinceLastAsked()).hasSize(3);
    }

    @Test
    void theStoreRefusesAGapInAnAggregatesSequenceNumbers() {
        EventStorageEngine engine = engine(new CountingDataSource(database.runtimeDataSource()));
        String aggregate = recorded(engine, 0);

        assertThatThrownBy(() -> engine.appendEvents(note(aggregate, 2))).hasMessageContaining("cannot be chained");
        assertThat(loaded(engine, aggregate)).containsExactly(0L);
    }

    /** Before the hash chain (V0_1_2) a gap could be stored; none may hide the events behind it. */
    @Test
    void eventsBehindAGapInTheSequenceNumbersAreLoaded() {
        CountingDataSource statements = new CountingDataSource(unchained.runtimeDataSource());
        String aggregate = recorded(engine(statements), 0, 1, 2, 40, 300, 301);
        statements.executedSinceLastAsked();

        assertThat(loaded(engine(statements), aggregate)).containsExactly(0L, 1L, 2L, 40L, 300L, 301L);
        assertThat(statements.executedSinceLastAsked()).hasSize(1);
    }

    @Test
    void anAppendThatLostTheRaceForItsSequenceNumberIsAConflict() {
        EventStorageEngine engine = engine(new CountingDataSource(database.runtimeDataSource()));
        String aggregate = recorded(engine, 0, 1);

        assertThatThrownBy(() -> engine.appendEvents(note(aggregate, 1))).isInstanceOf(ConcurrencyException.class);
        assertThat(loaded(engine, aggregate)).containsExactly(0L, 1L);
    }

    /**
     * The services' connections send a batch of inserts as multi-row statements (the platform's defaults): an append
     * of two events whose first lost the race fails as one statement, and is a conflict all the same.
     */
    @Test
    void anAppendSentAsOneStatementThatLostTheRaceIsAConflict() {
        DriverManagerDataSource rewriting = new DriverManagerDataSource(database.jdbcUrl());
        Properties connection = new Properties();
        connection.setProperty("user", database.runtimeRole());
        connection.setProperty("password", database.runtimePassword());
        connection.setProperty("reWriteBatchedInserts", "true");
        rewriting.setConnectionProperties(connection);
        EventStorageEngine engine = engine(new CountingDataSource(rewriting));
        String aggregate = recorded(engine, 0, 1, 2);

        assertThatThrownBy(() -> engine.appendEvents(note(aggregate, 2), note(aggregate, 3)))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(loaded(engine, aggregate)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void noSnapshotIsStored() {
        EventStorageEngine engine = engine(new CountingDataSource(database.runtimeDataSource()));
        String aggregate = recorded(engine, 0);

        assertThatThrownBy(() -> engine.storeSnapshot(note(aggregate, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** The publisher asks where the last event it finds on the topic is in the store: one lookup by identifier. */
    @Test
    void anEventIsFoundAtItsPlaceByItsIdentifier() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcStorageEngine engine = engine(statements);
        DomainEventMessage<NoteTaken> first = note(UUID.randomUUID().toString(), 0);
        DomainEventMessage<NoteTaken> second = note(UUID.randomUUID().toString(), 0);
        engine.appendEvents(first, second);
        long placeOfTheFirst;
        try (var stored = engine.readEvents(null, false)) {
            placeOfTheFirst = stored.filter(event -> event.getIdentifier().equals(first.getIdentifier()))
                    .findFirst().orElseThrow().trackingToken().position().orElseThrow();
        }
        statements.executedSinceLastAsked();

        assertThat(engine.placeOf(first.getIdentifier())).contains(placeOfTheFirst);
        assertThat(engine.placeOf(second.getIdentifier())).contains(placeOfTheFirst + 1);
        assertThat(engine.placeOf(UUID.randomUUID().toString())).isEmpty();
        assertThat(statements.executedSinceLastAsked()).hasSize(3);
    }

    /**
     * The embedded event store's shared reader ({@code mayBlock}) keeps every event of one read in memory until the
     * read ends, so each of its reads ends after a batch, and the next begins where it ended; a reader of its own reads
     * on to the end.
     */
    @Test
    void theSharedReaderReadsABatchAtATimeAndOthersReadOn() {
        JdbcStorageEngine engine = engine(new CountingDataSource(database.runtimeDataSource()));
        TrackingToken head = engine.createHeadToken();
        for (int i = 0; i < 5; i++) {
            recorded(engine, LongStream.range(0, 50).toArray());
        }

        List<? extends TrackedEventMessage<?>> firstRead;
        try (var read = engine.readEvents(head, true)) {
            firstRead = read.toList();
        }
        assertThat(firstRead).hasSize(JdbcStorageEngine.BATCH_SIZE);
        long nextRead;
        try (var read = engine.readEvents(firstRead.get(firstRead.size() - 1).trackingToken(), true)) {
            nextRead = read.count();
        }
        assertThat(nextRead).as("the next batch, from where the first ended").isEqualTo(JdbcStorageEngine.BATCH_SIZE);
        try (var read = engine.readEvents(head, false)) {
            assertThat(read.count()).isEqualTo(250);
        }
    }

    /**
     * Places taken by an append that rolled back are gaps no event fills. Read after them, every token carried them,
     * each a copy, for a minute; now a read whose token brings many asks for the settled place and drops them: the
     * events after them are read, and their tokens carry no gap.
     */
    @Test
    void theGapsOfAnAppendRolledBackAreDroppedOnceNoAppendIsOpen() throws Exception {
        JdbcStorageEngine engine = engine(new CountingDataSource(database.runtimeDataSource()));
        recorded(engine, 0);
        TrackingToken head = engine.createHeadToken();
        try (Connection append = database.runtimeDataSource().getConnection()) {
            append.setAutoCommit(false);
            appendedUncommitted(append, 200);
            append.rollback();
        }
        recorded(engine, LongStream.range(0, 150).toArray());

        List<GapAwareTrackingToken> tokens = tokensReadFrom(engine, head);

        assertThat(tokens).hasSize(150);
        assertThat(tokens.get(0).getGaps()).as("the first batch, read before the gaps were known").hasSize(200);
        assertThat(tokens.subList(JdbcStorageEngine.BATCH_SIZE, 150))
                .as("the tokens of the batch read after the settled place was asked for")
                .allSatisfy(token -> assertThat(token.getGaps()).isEmpty());
    }

    /**
     * The places of an append still open are gaps too, and its events may yet come: while it holds its lock the
     * settled place is not learnt and the gaps are kept; once it commits, its places are settled but not yet read,
     * and a read from the last token, which learns the settled place at once, still reads its events.
     */
    @Test
    void theGapsOfAnAppendStillOpenAreKeptAndItsEventsReadWhenItCommits() throws Exception {
        JdbcStorageEngine engine = engine(new CountingDataSource(database.runtimeDataSource()));
        recorded(engine, 0);
        TrackingToken head = engine.createHeadToken();
        List<GapAwareTrackingToken> tokens;
        try (Connection append = database.runtimeDataSource().getConnection()) {
            append.setAutoCommit(false);
            appendedUncommitted(append, 100);
            recorded(engine, LongStream.range(0, 150).toArray());

            tokens = tokensReadFrom(engine, head);
            append.commit();
        }

        assertThat(tokens).hasSize(150);
        assertThat(tokens.get(149).getGaps()).as("the open append's places").hasSize(100);
        JdbcStorageEngine afterwards = engine(new CountingDataSource(database.runtimeDataSource()));
        assertThat(tokensReadFrom(afterwards, tokens.get(149)))
                .as("its events, once it committed: settled since, but never read").hasSize(100);
    }

    /** Appends events of new aggregates, each through the store's trigger, in the connection's open transaction. */
    private static void appendedUncommitted(Connection connection, int events) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadtype, timestamp)
                SELECT gen_random_uuid()::text, 0, 'Note', gen_random_uuid()::text, convert_to('{}', 'UTF8'),
                       convert_to('{"text":"open"}', 'UTF8'), ?,
                       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                  FROM generate_series(1, ?)""")) {
            insert.setString(1, NoteTaken.class.getName());
            insert.setInt(2, events);
            insert.executeUpdate();
        }
    }

    /** The tokens of the events read on from {@code token} by a reader of its own. */
    private static List<GapAwareTrackingToken> tokensReadFrom(JdbcStorageEngine engine, TrackingToken token) {
        try (var read = engine.readEvents(token, false)) {
            return read.map(event -> (GapAwareTrackingToken) event.trackingToken()).toList();
        }
    }

    private static JdbcStorageEngine engine(CountingDataSource statements) {
        return JdbcStorageEngine.of(builder(statements));
    }

    private static EventStorageEngine axonsOwn(CountingDataSource statements) {
        return builder(statements).build();
    }

    private static JdbcEventStorageEngine.Builder builder(CountingDataSource statements) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(statements))
                .transactionManager(NoTransactionManager.INSTANCE)
                .persistenceExceptionResolver(new DuplicateEventKeys())
                .eventSerializer(JSON)
                .snapshotSerializer(JSON);
    }

    /** Appends events with these sequence numbers to a new aggregate; its id. */
    private static String recorded(EventStorageEngine engine, long... sequenceNumbers) {
        String aggregate = UUID.randomUUID().toString();
        engine.appendEvents(LongStream.of(sequenceNumbers).mapToObj(n -> note(aggregate, n)).toList());
        return aggregate;
    }

    /** The sequence numbers of the aggregate's events, as the event store hands them to a repository. */
    private static List<Long> loaded(EventStorageEngine engine, String aggregate) {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        try {
            return store.readEvents(aggregate).asStream().map(DomainEventMessage::getSequenceNumber).toList();
        } finally {
            store.shutDown();
        }
    }

    private static DomainEventMessage<NoteTaken> note(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Note", aggregate, sequence, new NoteTaken("note " + sequence));
    }
}
