package org.caseledger.platform.ledger;

import org.caseledger.platform.ledger.ChainProblem.Kind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hash chain on the real PostgreSQL: events appended by Axon's own storage engine through the service's role are
 * chained by the store, and what the superuser then does to them behind the service's back is found and named by the
 * verifier. Each test has a database of its own, since a verification reads the whole store.
 */
class LedgerVerifierIT {

    private LedgerStore store;
    private JdbcClient superuser;

    @BeforeEach
    void freshStore() {
        store = LedgerStore.fresh();
        superuser = store.superuser;
    }

    @Test
    void anUntouchedLedgerVerifies() {
        List<String> aggregates = store.record(3, 4);

        LedgerVerification verification = verify();

        assertThat(verification.verified()).as(String.valueOf(verification.firstProblem())).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(12);
        assertThat(verification.aggregatesChecked()).isEqualTo(3);
        assertThat(verification.brokenAggregates()).isZero();
        assertThat(verification.firstProblem()).isNull();
        assertThat(store.eventStore.readEvents(aggregates.get(1)).asStream()
                .map(event -> ((LedgerStore.NoteTaken) event.getPayload()).text()))
                .as("Axon reads the events back past the added column")
                .containsExactly("note 0", "note 1", "note 2", "note 3");
    }

    @Test
    void aPayloadWithOneByteAlteredIsNamed() {
        String aggregate = store.record(3, 5).get(2);
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
        String aggregate = store.record(1, 4).get(0);
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
        String aggregate = store.record(3, 5).get(0);
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
        String aggregate = store.record(1, 3).get(0);
        String following = eventId(aggregate, 1);
        superuser.sql("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 0")
                .param(aggregate).update();

        assertNamed(verify().firstProblem(), aggregate, 1, following, Kind.MISSING_SEQUENCE);
    }

    @Test
    void twoEventsWithSwappedSequenceNumbersAreNamed() {
        String aggregate = store.record(2, 5).get(1);
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
        String aggregate = store.record(2, 5).get(0);
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
        JdbcClient runtime = JdbcClient.create(store.database.runtimeDataSource());
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
        String aggregate = store.record(1, 2).get(0);
        JdbcClient runtime = JdbcClient.create(store.database.runtimeDataSource());

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
        String aggregate = store.record(1, 2).get(0);

        assertThatThrownBy(() -> store.eventStore.appendEvents(LedgerStore.note(aggregate, 1)))
                .rootCause()
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        assertThat(verify().verified()).isTrue();
    }

    @Test
    void eventsStoredBeforeTheChainAreChainedByItsMigration() {
        superuser.sql("DROP TABLE ledger_checkpoint_publication, ledger_checkpoint, domainevententry, "
                + "snapshotevententry, tokenentry, flyway_schema_history").update();
        superuser.sql("DROP FUNCTION ledger_chain_event, ledger_previous_hash, ledger_event_hash, ledger_field").update();
        store.migrate("0.1.1");
        List<String> aggregates = store.record(2, 3);

        store.migrate(null);

        LedgerVerification verification = verify();
        assertThat(verification.verified()).as(String.valueOf(verification.firstProblem())).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(6);
        byte[] previous = EventChain.GENESIS;
        for (long sequence = 0; sequence < 3; sequence++) {
            StoredEvent event = store.stored(aggregates.get(1), sequence);
            previous = EventChain.hash(previous, event);
            assertThat(HexFormat.of().formatHex(event.chainHash())).isEqualTo(HexFormat.of().formatHex(previous));
        }
    }

    private LedgerVerification verify() {
        return new LedgerVerifier(store.database.runtimeDataSource(), Optional.empty()).verify();
    }

    private String eventId(String aggregate, long sequence) {
        return store.stored(aggregate, sequence).eventId();
    }

    private static void assertNamed(ChainProblem problem, String aggregate, long sequence, String eventId, Kind kind) {
        assertThat(problem).isNotNull();
        assertThat(problem.aggregateId()).isEqualTo(aggregate);
        assertThat(problem.sequenceNumber()).isEqualTo(sequence);
        assertThat(problem.eventId()).isEqualTo(eventId);
        assertThat(problem.problem()).as(problem.detail()).isEqualTo(kind);
    }
}
