package org.caseledger.platform.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.caseledger.api.Topics;
import org.caseledger.platform.testing.MovingClock;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signed checkpoints on the real PostgreSQL and Kafka: what the chains alone cannot show — an aggregate's last event
 * removed, a chain rewritten from its start — a checkpoint shows, and a checkpoint cannot itself be changed, removed
 * or signed with another key unseen.
 */
class LedgerCheckpointsIT {

    private static Producer<String, byte[]> producer;

    @TempDir
    static Path keyFiles;
    private static LedgerKeys keys;
    private static LedgerKeys otherKeys;

    private final String service = "ledger-test-" + UUID.randomUUID();
    private LedgerStore store;

    @BeforeAll
    static void keysAndBroker() throws Exception {
        keys = LedgerStore.keyPair(keyFiles, "service");
        otherKeys = LedgerStore.keyPair(keyFiles, "other");
        producer = LedgerStore.checkpointProducer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void freshStore() {
        store = LedgerStore.fresh();
    }

    @Test
    void aCheckpointSignsEveryAggregatesHeadAndReachesTheTopic() throws Exception {
        store.record(3, 3);

        checkpointer(5).tick();

        Checkpoint checkpoint = store.runtime().sql("SELECT * FROM ledger_checkpoint")
                .query(Checkpoints::fromRow).single();
        assertThat(checkpoint.number()).isEqualTo(1);
        assertThat(checkpoint.events()).isEqualTo(9);
        assertThat(checkpoint.aggregates()).isEqualTo(3);
        assertThat(checkpoint.keyId()).isEqualTo(keys.keyId());
        LedgerVerification verification = verify(keys);
        assertThat(verification.verified()).as(String.valueOf(verification.checkpointProblem())).isTrue();
        assertThat(verification.checkpointsChecked()).isEqualTo(1);
        assertThat(verification.latestCheckpoint()).isEqualTo(1);
        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CHECKPOINTS)) {
            List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(60))
                    .until(() -> topic.recordsWithKey(service), records -> !records.isEmpty());
            JsonNode sent = new ObjectMapper().readTree(published.get(0).value());
            assertThat(new ObjectMapper().treeToValue(sent, Checkpoint.class)).isEqualTo(checkpoint);
        }
        assertThat(store.runtime().sql("SELECT count(*) FROM ledger_checkpoint_publication").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void noCheckpointIsMadeUntilEnoughEventsCame() {
        store.record(1, 3);
        Checkpointer checkpointer = checkpointer(5);

        checkpointer.tick();
        assertThat(checkpoints()).isZero();

        store.record(1, 2);
        checkpointer.tick();
        assertThat(checkpoints()).isEqualTo(1);
        checkpointer.tick();
        assertThat(checkpoints()).as("nothing new since").isEqualTo(1);
    }

    @Test
    void enoughEventsAfterACheckpointWaitForTheRestItEarned() {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-06T12:00:00Z"));
        Checkpointer checkpointer = store.checkpointer(keys, service, 5, producer, clock, 100);
        store.record(1, 5);
        checkpointer.tick();
        assertThat(checkpoints()).isEqualTo(1);

        store.record(1, 5);
        long began = System.nanoTime();
        checkpointer.tick();
        Duration tookAtMost = Duration.ofNanos(System.nanoTime() - began);
        assertThat(checkpoints()).as("the first checkpoint, which read every head, earned no rest").isEqualTo(2);

        store.record(1, 5);
        checkpointer.tick();
        assertThat(checkpoints()).as("a hundred times the second checkpoint's time has not passed").isEqualTo(2);

        clock.advance(tookAtMost.multipliedBy(100).plusMillis(1));
        assertThat(tookAtMost.multipliedBy(100)).as("the rest ends before the hour after which any event is due")
                .isLessThan(Duration.ofMinutes(59));
        checkpointer.tick();
        assertThat(checkpoints()).isEqualTo(3);
    }

    @Test
    void eventsStoredAfterACheckpointLeaveItStanding() {
        List<String> aggregates = store.record(2, 3);
        checkpointer(1).checkpoint(1);
        store.eventStore.appendEvents(LedgerStore.note(aggregates.get(0), 3));
        store.record(1, 2);

        LedgerVerification verification = verify(keys);

        assertThat(verification.verified()).as(String.valueOf(verification.checkpointProblem())).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(9);
    }

    @Test
    void checkpointsOneAfterAnotherSignWhatACheckpointReadingTheWholeStoreSigns() {
        Checkpointer checkpointer = checkpointer(1);
        List<String> aggregates = store.record(3, 2);
        checkpointer.checkpoint(1);
        store.eventStore.appendEvents(LedgerStore.note(aggregates.get(0), 2));
        store.record(2, 1);
        checkpointer.checkpoint(2);
        store.eventStore.appendEvents(LedgerStore.note(aggregates.get(1), 2));
        Checkpoint third = checkpointer.checkpoint(3);

        Checkpoint readingEverything = checkpointer(1).checkpoint(4);

        assertThat(third.merkleRoot()).isEqualTo(readingEverything.merkleRoot());
        assertThat(third.events()).isEqualTo(readingEverything.events()).isEqualTo(10);
        assertThat(third.aggregates()).isEqualTo(readingEverything.aggregates()).isEqualTo(5);
        LedgerVerification verification = verify(keys);
        assertThat(verification.verified()).as(String.valueOf(verification.checkpointProblem())).isTrue();
        assertThat(verification.checkpointsChecked()).isEqualTo(4);
    }

    /** A checkpoint reads the heads a fetch at a time ({@link Checkpointer#HEADS_A_FETCH}): every fetch counts. */
    @Test
    void aFirstCheckpointReadsMoreHeadsThanOneFetchHolds() {
        int aggregates = 2 * Checkpointer.HEADS_A_FETCH + 7;
        store.appendNotes(aggregates, 2);
        store.record(2, 1);

        Checkpoint first = checkpointer(1).checkpoint(1);

        assertThat(first.aggregates()).isEqualTo(aggregates + 2);
        assertThat(first.events()).isEqualTo(2L * aggregates + 2);
        LedgerVerification verification = verify(keys);
        assertThat(verification.verified()).as(String.valueOf(verification.checkpointProblem())).isTrue();
    }

    @Test
    void anAggregatesRemovedLastEventIsFoundByTheCheckpoint() {
        String aggregate = store.record(3, 3).get(1);
        checkpointer(1).checkpoint(1);
        store.superuser.sql("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 2")
                .param(aggregate).update();

        LedgerVerification verification = verify(keys);

        assertThat(verification.firstProblem()).as("the chains alone still hold").isNull();
        assertThat(verification.verified()).isFalse();
        assertThat(verification.checkpointProblem().number()).isEqualTo(1);
        assertThat(verification.checkpointProblem().problem()).isEqualTo(CheckpointProblem.Kind.STORE_CHANGED);
        assertThat(verification.checkpointProblem().detail()).contains("signed 9 events", "now holds 8 events");
    }

    @Test
    void aChainRewrittenFromItsStartIsFoundByTheCheckpoint() {
        String aggregate = store.record(2, 3).get(0);
        checkpointer(1).checkpoint(1);
        for (long sequence = 0; sequence < 3; sequence++) {
            store.superuser.sql("""
                            UPDATE domainevententry
                               SET payload = convert_to('{"text":"rewritten"}', 'UTF8'),
                                   chainhash = ledger_event_hash(ledger_previous_hash(aggregateidentifier, sequencenumber),
                                       aggregateidentifier, sequencenumber, type, eventidentifier, payloadtype,
                                       payloadrevision, timestamp, metadata, convert_to('{"text":"rewritten"}', 'UTF8'))
                             WHERE aggregateidentifier = ? AND sequencenumber = ?""")
                    .params(aggregate, sequence).update();
        }

        LedgerVerification verification = verify(keys);

        assertThat(verification.firstProblem()).as("the rewritten chain holds in itself").isNull();
        assertThat(verification.checkpointProblem().problem()).isEqualTo(CheckpointProblem.Kind.STORE_CHANGED);
    }

    /**
     * A store whose checkpoints were signed before their trees took the leaves in the order of the aggregates' first
     * events: those keep the order of the ids' bytes they were signed with, the checkpoints after take the new one,
     * and the format is signed with each, so that neither can be passed off as the other.
     */
    @Test
    void checkpointsSignedBeforeTheLeavesTookTheOrderOfFirstEventsAreVerifiedAsTheyWereSigned() {
        store = LedgerStore.migratedTo("0.1.3");
        List<String> firstToLast = List.of("c-" + UUID.randomUUID(), "b-" + UUID.randomUUID(), "a-" + UUID.randomUUID());
        for (long sequence = 0; sequence < 2; sequence++) {
            for (String aggregate : firstToLast) {
                store.eventStore.appendEvents(LedgerStore.note(aggregate, sequence));
            }
        }
        List<MerkleTree.Head> heads = store.superuser.sql("""
                        SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier, sequencenumber, chainhash,
                               min(globalindex) OVER (PARTITION BY aggregateidentifier) AS first
                          FROM domainevententry ORDER BY aggregateidentifier, sequencenumber DESC""")
                .query((row, n) -> new MerkleTree.Head(row.getString(1), row.getLong(2), row.getBytes(3),
                        row.getLong(4)))
                .list();
        byte[] root = MerkleTree.root(heads, Checkpoint.V1);
        assertThat(root).as("the two orders differ here").isNotEqualTo(MerkleTree.root(heads, Checkpoint.V2));
        Checkpoint unsigned = new Checkpoint(Checkpoint.V1, service, 1, 6, 6, 3, HexFormat.of().formatHex(root),
                "2026-12-06T14:00:00Z", keys.keyId(), "");
        store.runtime().sql("""
                        INSERT INTO ledger_checkpoint (number, service, up_to_global_index, events, aggregates,
                            merkle_root, created_at, key_id, signature)
                        VALUES (1, ?, 6, 6, 3, ?, ?, ?, ?)""")
                .params(service, unsigned.merkleRoot(), unsigned.createdAt(), keys.keyId(),
                        Base64.getEncoder().encodeToString(keys.sign(unsigned.signedBytes())))
                .update();
        store.migrate(null);
        store.record(2, 2);

        Checkpoint second = checkpointer(1).checkpoint(2);

        assertThat(second.format()).isEqualTo(Checkpoint.V2);
        assertThat(store.runtime().sql("SELECT format FROM ledger_checkpoint ORDER BY number").query(String.class)
                .list()).containsExactly(Checkpoint.V1, Checkpoint.V2);
        LedgerVerification verification = verify(keys);
        assertThat(verification.verified()).as(String.valueOf(verification.checkpointProblem())).isTrue();
        assertThat(verification.checkpointsChecked()).isEqualTo(2);

        store.superuser.sql("UPDATE ledger_checkpoint SET format = ? WHERE number = 1").param(Checkpoint.V2).update();

        CheckpointProblem problem = verify(keys).checkpointProblem();
        assertThat(problem.number()).isEqualTo(1);
        assertThat(problem.problem()).isEqualTo(CheckpointProblem.Kind.BAD_SIGNATURE);
    }

    @Test
    void aCheckpointChangedAfterItWasSignedFailsItsSignature() {
        store.record(2, 2);
        checkpointer(1).checkpoint(1);
        store.superuser.sql("UPDATE ledger_checkpoint SET events = events - 1").update();

        CheckpointProblem problem = verify(keys).checkpointProblem();

        assertThat(problem.number()).isEqualTo(1);
        assertThat(problem.problem()).isEqualTo(CheckpointProblem.Kind.BAD_SIGNATURE);
    }

    @Test
    void aCheckpointIsNotBorneOutByAnotherKey() {
        store.record(2, 2);
        checkpointer(1).checkpoint(1);

        assertThat(verify(otherKeys).checkpointProblem().problem()).isEqualTo(CheckpointProblem.Kind.BAD_SIGNATURE);
        assertThat(new LedgerVerifier(store.database.runtimeDataSource(), Optional.empty()).verify()
                .checkpointProblem().problem()).isEqualTo(CheckpointProblem.Kind.NO_PUBLIC_KEY);
    }

    @Test
    void aRemovedCheckpointIsNamed() {
        store.record(2, 2);
        Checkpointer checkpointer = checkpointer(1);
        checkpointer.checkpoint(1);
        store.record(1, 1);
        checkpointer.checkpoint(2);
        store.superuser.sql("DELETE FROM ledger_checkpoint WHERE number = 1").update();

        CheckpointProblem problem = verify(keys).checkpointProblem();

        assertThat(problem.number()).isEqualTo(1);
        assertThat(problem.problem()).isEqualTo(CheckpointProblem.Kind.MISSING_CHECKPOINT);
    }

    @Test
    void aCheckpointWaitsForAnAppendInFlightAndCoversIt() throws Exception {
        String aggregate = store.record(1, 2).get(0);
        DataSource runtime = store.database.runtimeDataSource();
        try (Connection inFlight = runtime.getConnection()) {
            inFlight.setAutoCommit(false);
            try (PreparedStatement append = inFlight.prepareStatement("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                        payload, payloadtype, timestamp)
                    VALUES (?, 2, 'Note', ?, convert_to('{}', 'UTF8'), 'Note', '2026-01-01T00:00:00Z')""")) {
                append.setString(1, aggregate);
                append.setString(2, UUID.randomUUID().toString());
                append.executeUpdate();
            }
            CompletableFuture<Checkpoint> checkpoint = CompletableFuture.supplyAsync(() -> checkpointer(1).checkpoint(1));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> !checkpoint.isDone());

            inFlight.commit();

            assertThat(checkpoint.get().events()).isEqualTo(3);
        }
        assertThat(verify(keys).verified()).isTrue();
    }

    private Checkpointer checkpointer(long everyEvents) {
        return store.checkpointer(keys, service, everyEvents, producer);
    }

    private long checkpoints() {
        return store.runtime().sql("SELECT count(*) FROM ledger_checkpoint").query(Long.class).single();
    }

    private LedgerVerification verify(LedgerKeys with) {
        return new LedgerVerifier(store.database.runtimeDataSource(), Optional.of(with)).verify();
    }
}
