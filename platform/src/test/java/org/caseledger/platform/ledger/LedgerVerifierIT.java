package org.caseledger.platform.ledger;

import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.ledger.ChainProblem.Kind;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hash chain on the real PostgreSQL: events appended by Axon's own storage engine through the service's role are
 * chained by the store, and what the superuser then does to them behind the service's back is found and named by the
 * verifier. Each test has a database of its own, since a verification reads the whole store.
 */
class LedgerVerifierIT {

    private static final Serializer JSON = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();

    /** An event of no particular service: the chain does not care what the payload says. */
    record NoteTaken(String text) {
    }

    private static final AtomicInteger STORES = new AtomicInteger();

    private TestDatabase database;
    private JdbcEventStorageEngine eventStore;
    private JdbcClient superuser;

    @BeforeEach
    void freshStore() {
        String name = "ledger_" + STORES.incrementAndGet();
        database = RealInfrastructure.get().database(name);
        superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(name));
        migrate(null);
        eventStore = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(database.runtimeDataSource()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JSON)
                .snapshotSerializer(JSON)
                .build();
    }

    @Test
    void anUntouchedLedgerVerifies() {
        List<String> aggregates = record(3, 4);

        LedgerVerification verification = verify();

        assertThat(verification.verified()).as(String.valueOf(verification.firstProblem())).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(12);
        assertThat(verification.aggregatesChecked()).isEqualTo(3);
        assertThat(verification.brokenAggregates()).isZero();
        assertThat(verification.firstProblem()).isNull();
        assertThat(eventStore.readEvents(aggregates.get(1)).asStream().map(event -> ((NoteTaken) event.getPayload()).text()))
                .as("Axon reads the events back past the added column")
                .containsExactly("note 0", "note 1", "note 2", "note 3");
    }

    @Test
    void aPayloadWithOneByteAlteredIsNamed() {
        String aggregate = record(3, 5).get(2);
        String eventId = eventId(aggregate, 2);
        superuser.sql("""
                        UPDATE domainevententry SET payload = set_byte(payload, 10, get_byte(payload, 10) # 1)
                         WHERE aggregateidentifier = ? AND sequencenumber = 2""")
                .param(aggregate).update();

        LedgerVerification verification = verify();

        assertThat(verification.verified()).isFalse();
        assertThat(verification.brokenAggregates()).isEqualTo(1);
        assertThat(verification.eventsChecked()).isEqualTo(15);
        assertNamed(verification.firstProblem(), aggregate, 2, eventId, Kind.HASH_MISMATCH);
    }

    @Test
    void anAlteredEventWhoseHashWasRecomputedBreaksTheChainAfterIt() {
        String aggregate = record(1, 4).get(0);
        superuser.sql("""
                        UPDATE domainevententry
                           SET payload = convert_to('{"text":"a note never taken"}', 'UTF8'),
                               chainhash = ledger_event_hash(ledger_previous_hash(aggregateidentifier, sequencenumber),
                                   aggregateidentifier, sequencenumber, type, eventidentifier, payloadtype,
                                   payloadrevision, timestamp, metadata, convert_to('{"text":"a note never taken"}', 'UTF8'))
                         WHERE aggregateidentifier = ? AND sequencenumber = 1""")
                .param(aggregate).update();

        LedgerVerification verification = verify();

        assertNamed(verification.firstProblem(), aggregate, 2, eventId(aggregate, 2), Kind.HASH_MISMATCH);
    }

    @Test
    void aDeletedEventIsNamed() {
        String aggregate = record(3, 5).get(0);
        String following = eventId(aggregate, 3);
        superuser.sql("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 2")
                .param(aggregate).update();

        LedgerVerification verification = verify();

        assertThat(verification.verified()).isFalse();
        assertNamed(verification.firstProblem(), aggregate, 3, following, Kind.MISSING_SEQUENCE);
        assertThat(verification.firstProblem().detail()).contains("No event 2 ");
    }

    @Test
    void aDeletedFirstEventIsNamed() {
        String aggregate = record(1, 3).get(0);
        String following = eventId(aggregate, 1);
        superuser.sql("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 0")
                .param(aggregate).update();

        assertNamed(verify().firstProblem(), aggregate, 1, following, Kind.MISSING_SEQUENCE);
    }

    @Test
    void twoEventsWithSwappedSequenceNumbersAreNamed() {
        String aggregate = record(2, 5).get(1);
        String movedUp = eventId(aggregate, 3);
        // Through a free number, since the store refuses two events at one sequence even for a moment.
        for (long[] move : new long[][]{{1, -1}, {3, 1}, {-1, 3}}) {
            superuser.sql("UPDATE domainevententry SET sequencenumber = ? WHERE aggregateidentifier = ? "
                    + "AND sequencenumber = ?").params(move[1], aggregate, move[0]).update();
        }

        LedgerVerification verification = verify();

        assertThat(verification.verified()).isFalse();
        assertNamed(verification.firstProblem(), aggregate, 1, movedUp, Kind.OUT_OF_ORDER);
    }

    @Test
    void twoEventsWithSwappedPayloadsAreNamed() {
        String aggregate = record(2, 5).get(0);
        String first = eventId(aggregate, 1);
        superuser.sql("""
                        UPDATE domainevententry e
                           SET payload = (SELECT o.payload FROM domainevententry o
                                           WHERE o.aggregateidentifier = e.aggregateidentifier
                                             AND o.sequencenumber = CASE e.sequencenumber WHEN 1 THEN 2 ELSE 1 END)
                         WHERE aggregateidentifier = ? AND sequencenumber IN (1, 2)""")
                .param(aggregate).update();

        assertNamed(verify().firstProblem(), aggregate, 1, first, Kind.HASH_MISMATCH);
    }

    @Test
    void theStoreComputesTheHashWhateverAnInsertGives() {
        String aggregate = UUID.randomUUID().toString();
        JdbcClient runtime = JdbcClient.create(database.runtimeDataSource());
        for (long sequence = 0; sequence < 2; sequence++) {
            runtime.sql("""
                            INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                metadata, payload, payloadtype, timestamp, chainhash)
                            VALUES (?, ?, 'Note', ?, NULL, convert_to('{}', 'UTF8'), 'Note', '2026-01-01T00:00:00Z',
                                    decode(repeat('ab', 32), 'hex'))""")
                    .params(aggregate, sequence, UUID.randomUUID().toString()).update();
        }

        assertThat(verify().verified()).isTrue();
        assertThat(runtime.sql("SELECT count(*) FROM domainevententry WHERE chainhash = decode(repeat('ab', 32), 'hex')")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anEventWithNoPredecessorIsRefused() {
        String aggregate = record(1, 2).get(0);
        JdbcClient runtime = JdbcClient.create(database.runtimeDataSource());

        assertThatThrownBy(() -> runtime.sql("""
                        INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                            payload, payloadtype, timestamp)
                        VALUES (?, 3, 'Note', ?, convert_to('{}', 'UTF8'), 'Note', '2026-01-01T00:00:00Z')""")
                .params(aggregate, UUID.randomUUID().toString()).update())
                .rootCause().hasMessageContaining("no event 2 of it is on record before it");
        assertThat(verify().verified()).isTrue();
    }

    @Test
    void aRaceForTheSameSequenceIsStillAConflictOfKeys() {
        String aggregate = record(1, 2).get(0);

        assertThatThrownBy(() -> eventStore.appendEvents(note(aggregate, 1)))
                .rootCause()
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        assertThat(verify().verified()).isTrue();
    }

    @Test
    void eventsStoredBeforeTheChainAreChainedByItsMigration() {
        superuser.sql("DROP TABLE domainevententry, snapshotevententry, tokenentry, flyway_schema_history").update();
        superuser.sql("DROP FUNCTION ledger_chain_event, ledger_previous_hash, ledger_event_hash, ledger_field").update();
        migrate("0.1.1");
        List<String> aggregates = record(2, 3);

        migrate(null);

        LedgerVerification verification = verify();
        assertThat(verification.verified()).as(String.valueOf(verification.firstProblem())).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(6);
        byte[] previous = EventChain.GENESIS;
        for (long sequence = 0; sequence < 3; sequence++) {
            StoredEvent event = stored(aggregates.get(1), sequence);
            previous = EventChain.hash(previous, event);
            assertThat(HexFormat.of().formatHex(event.chainHash())).isEqualTo(HexFormat.of().formatHex(previous));
        }
    }

    private void migrate(String target) {
        var flyway = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword())
                .locations("classpath:db/roles", "classpath:db/axon")
                .placeholders(Map.of("runtime_role", database.runtimeRole()));
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    private List<String> record(int aggregates, int eventsEach) {
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < aggregates; a++) {
            ids.add(UUID.randomUUID().toString());
        }
        // Interleaved, as commands of several cases are: the chains are per aggregate, not per store.
        for (int sequence = 0; sequence < eventsEach; sequence++) {
            for (String id : ids) {
                eventStore.appendEvents(note(id, sequence));
            }
        }
        return ids.stream().sorted().toList();
    }

    private static DomainEventMessage<NoteTaken> note(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Note", aggregate, sequence, new NoteTaken("note " + sequence),
                MetaData.with("correlationId", UUID.randomUUID().toString()));
    }

    private LedgerVerification verify() {
        return new LedgerVerifier(database.runtimeDataSource()).verify();
    }

    private String eventId(String aggregate, long sequence) {
        return stored(aggregate, sequence).eventId();
    }

    private StoredEvent stored(String aggregate, long sequence) {
        return superuser.sql("""
                        SELECT * FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?""")
                .params(aggregate, sequence)
                .query((row, n) -> new StoredEvent(row.getLong("globalindex"), row.getString("aggregateidentifier"),
                        row.getLong("sequencenumber"), row.getString("type"), row.getString("eventidentifier"),
                        row.getString("payloadtype"), row.getString("payloadrevision"), row.getString("timestamp"),
                        row.getBytes("metadata"), row.getBytes("payload"), row.getBytes("chainhash")))
                .single();
    }

    private static void assertNamed(ChainProblem problem, String aggregate, long sequence, String eventId, Kind kind) {
        assertThat(problem).isNotNull();
        assertThat(problem.aggregateId()).isEqualTo(aggregate);
        assertThat(problem.sequenceNumber()).isEqualTo(sequence);
        assertThat(problem.eventId()).isEqualTo(eventId);
        assertThat(problem.problem()).as(problem.detail()).isEqualTo(kind);
    }
}
