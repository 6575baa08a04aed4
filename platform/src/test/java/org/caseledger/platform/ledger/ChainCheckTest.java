package org.caseledger.platform.ledger;

import org.caseledger.platform.testing.HeapInUse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ChainCheckTest {

    @TempDir
    Path keyFiles;

    /** A store and its checkpoints signed as the heads give them, in the ids' order, then in the first events'. */
    @Test
    void checkpointsOfEitherFormatSignedAsTheHeadsGiveThemAreBorneOut() throws Exception {
        LedgerKeys keys = LedgerStore.keyPair(keyFiles, "service");
        List<List<StoredEvent>> aggregates = chained(HeadsAtCheckpointsTest.store(new Random(31), 500, false));
        List<Checkpoint> checkpoints = signed(keys, aggregates, 60);

        LedgerVerification verification = verify(aggregates, checkpoints, keys);

        assertThat(verification.checkpointProblem()).isNull();
        assertThat(verification.verified()).isTrue();
        assertThat(verification.checkpointsChecked()).isEqualTo(60);
        assertThat(verification.aggregatesChecked()).isEqualTo(500);
    }

    /** An event altered: the first checkpoint that covers it is named, not one before it, of either format. */
    @Test
    void theFirstCheckpointCoveringAnAlteredEventIsNamed() throws Exception {
        LedgerKeys keys = LedgerStore.keyPair(keyFiles, "service");
        Random random = new Random(47);
        for (int round = 0; round < 6; round++) {
            List<List<StoredEvent>> aggregates = chained(HeadsAtCheckpointsTest.store(random, 300, false));
            List<Checkpoint> checkpoints = signed(keys, aggregates, 40);
            List<StoredEvent> aggregate = aggregates.get(random.nextInt(aggregates.size()));
            int at = random.nextInt(aggregate.size());
            StoredEvent event = aggregate.get(at);
            aggregate.set(at, new StoredEvent(event.globalIndex(), event.aggregateId(), event.sequenceNumber(),
                    event.aggregateType(), event.eventId(), event.payloadType(), event.payloadRevision(),
                    event.timestamp(), event.metadata(), "{\"n\":-1}".getBytes(StandardCharsets.UTF_8),
                    event.chainHash()));
            Checkpoint covering = checkpoints.stream()
                    .filter(checkpoint -> checkpoint.upToGlobalIndex() >= event.globalIndex())
                    .findFirst().orElseThrow();

            LedgerVerification verification = verify(aggregates, checkpoints, keys);

            assertThat(verification.firstProblem().eventId()).isEqualTo(event.eventId());
            assertThat(verification.checkpointProblem().problem()).isEqualTo(CheckpointProblem.Kind.STORE_CHANGED);
            assertThat(verification.checkpointProblem().number()).as("round %d, %s", round, covering.format())
                    .isEqualTo(covering.number());
        }
    }

    /**
     * What the check holds does not grow with the checkpoints times the aggregates: 20,000 aggregates and 400
     * checkpoints, for which it held a head for every checkpoint and aggregate (8 million heads, some 17,000 bytes an
     * aggregate); now the events that are a head at some checkpoint and what each aggregate takes.
     */
    @Test
    void whatTheCheckHoldsDoesNotGrowWithTheCheckpoints() {
        List<List<StoredEvent>> aggregates = chained(HeadsAtCheckpointsTest.store(new Random(17), 20_000, false));
        List<Checkpoint> checkpoints = unsigned(aggregates, 400, false);
        long before = HeapInUse.afterCollecting();
        ChainCheck check = new ChainCheck(checkpoints, Optional.empty());
        aggregates.forEach(aggregate -> aggregate.forEach(check::accept));
        long held = HeapInUse.afterCollecting() - before;
        assertThat(check.result(System.nanoTime()).eventsChecked()).isPositive();

        assertThat(held / aggregates.size()).as("bytes held an aggregate, with %d events of them",
                aggregates.stream().mapToInt(List::size).sum()).isLessThan(500);
    }

    private static LedgerVerification verify(List<List<StoredEvent>> aggregates, List<Checkpoint> checkpoints,
                                             LedgerKeys keys) {
        ChainCheck check = new ChainCheck(checkpoints, Optional.of(keys));
        aggregates.forEach(aggregate -> aggregate.forEach(check::accept));
        return check.result(System.nanoTime());
    }

    /**
     * Checkpoints at global indexes one after another, the last above every event, the first third of format 1; with
     * {@code tallied}, with what their heads give, else with nothing of it.
     */
    private static List<Checkpoint> unsigned(List<List<StoredEvent>> aggregates, int count, boolean tallied) {
        long highest = aggregates.stream().flatMap(List::stream).mapToLong(StoredEvent::globalIndex).max().orElse(0);
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int c = 1; c <= count; c++) {
            long upTo = highest * c / count;
            String format = c <= count / 3 ? Checkpoint.V1 : Checkpoint.V2;
            List<MerkleTree.Head> heads = tallied ? HeadsAtCheckpointsTest.headsAt(aggregates, upTo) : List.of();
            long events = aggregates.stream().flatMap(List::stream)
                    .filter(event -> tallied && event.globalIndex() <= upTo).count();
            checkpoints.add(new Checkpoint(format, "service", c, upTo, events, heads.size(),
                    HexFormat.of().formatHex(MerkleTree.root(heads, format)), "2026-12-06T00:00:00Z", "key", null));
        }
        return checkpoints;
    }

    private static List<Checkpoint> signed(LedgerKeys keys, List<List<StoredEvent>> aggregates, int count) {
        return unsigned(aggregates, count, true).stream().map(checkpoint -> {
            Checkpoint named = new Checkpoint(checkpoint.format(), checkpoint.service(), checkpoint.number(),
                    checkpoint.upToGlobalIndex(), checkpoint.events(), checkpoint.aggregates(),
                    checkpoint.merkleRoot(), checkpoint.createdAt(), keys.keyId(), null);
            return named.withSignature(Base64.getEncoder().encodeToString(keys.sign(named.signedBytes())));
        }).toList();
    }

    /** The events with the hashes their chains give them. */
    private static List<List<StoredEvent>> chained(List<List<StoredEvent>> aggregates) {
        List<List<StoredEvent>> chained = new ArrayList<>();
        for (List<StoredEvent> aggregate : aggregates) {
            List<byte[]> hashes = HeadsAtCheckpointsTest.hashes(aggregate);
            List<StoredEvent> events = new ArrayList<>();
            for (int i = 0; i < aggregate.size(); i++) {
                StoredEvent event = aggregate.get(i);
                events.add(new StoredEvent(event.globalIndex(), event.aggregateId(), event.sequenceNumber(),
                        event.aggregateType(), event.eventId(), event.payloadType(), event.payloadRevision(),
                        event.timestamp(), event.metadata(), event.payload(), hashes.get(i)));
            }
            chained.add(events);
        }
        return chained;
    }
}
