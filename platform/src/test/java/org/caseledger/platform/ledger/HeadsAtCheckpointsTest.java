package org.caseledger.platform.ledger;

import org.caseledger.platform.ledger.MerkleTree.Head;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HeadsAtCheckpointsTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Stores of aggregates whose events are interleaved, checkpoints of both formats taken in no order of their global
     * indexes, several at one index, some below every event and above every one: each checkpoint's tally is what the
     * heads at its index give, each head found as the aggregate's last event at or below it.
     */
    @Test
    void eachCheckpointsTallyIsWhatItsHeadsGive() {
        assertTalliesAsTheHeadsGiveInStores(new Random(2041), 300, false);
    }

    /**
     * A store whose chains do not hold: events moved below their predecessors' global indexes, and global indexes
     * given twice. The verification names those; the tallies still are what the heads give, so that the checkpoints
     * are judged by the same rule as in a store whose chains hold.
     */
    @Test
    void aStoreWithMovedEventsIsTalliedAsItsHeadsGive() {
        assertTalliesAsTheHeadsGiveInStores(new Random(6962), 200, true);
    }

    /** Forty stores of up to {@code aggregates} aggregates, with up to thirty checkpoints each. */
    private static void assertTalliesAsTheHeadsGiveInStores(Random random, int aggregates, boolean moved) {
        for (int store = 0; store < 40; store++) {
            List<List<StoredEvent>> events = store(random, 1 + random.nextInt(aggregates), moved);
            assertTalliesAsTheHeadsGive(events, checkpoints(random, events, 1 + random.nextInt(30)));
        }
    }

    private static void assertTalliesAsTheHeadsGive(List<List<StoredEvent>> aggregates, List<Checkpoint> checkpoints) {
        HeadsAtCheckpoints heads = new HeadsAtCheckpoints(checkpoints);
        for (List<StoredEvent> aggregate : aggregates) {
            heads.aggregate(aggregate, hashes(aggregate));
        }
        HeadsAtCheckpoints.Tally[] tallies = heads.tallies();
        assertThat(tallies).hasSameSizeAs(checkpoints);
        for (int c = 0; c < checkpoints.size(); c++) {
            Checkpoint checkpoint = checkpoints.get(c);
            List<Head> then = headsAt(aggregates, checkpoint.upToGlobalIndex());
            long events = aggregates.stream().flatMap(List::stream)
                    .filter(event -> event.globalIndex() <= checkpoint.upToGlobalIndex()).count();
            String what = "checkpoint " + c + " up to " + checkpoint.upToGlobalIndex() + ", " + checkpoint.format();
            assertThat(tallies[c].events()).as(what).isEqualTo(events);
            assertThat(tallies[c].aggregates()).as(what).isEqualTo(then.size());
            assertThat(HEX.formatHex(tallies[c].root())).as(what)
                    .isEqualTo(HEX.formatHex(MerkleTree.root(then, checkpoint.format())));
        }
    }

    /** Every aggregate's head at {@code upTo}: its last event, in the order of sequence numbers, at or below it. */
    static List<Head> headsAt(List<List<StoredEvent>> aggregates, long upTo) {
        List<Head> heads = new ArrayList<>();
        for (List<StoredEvent> aggregate : aggregates) {
            List<byte[]> hashes = hashes(aggregate);
            for (int i = aggregate.size() - 1; i >= 0; i--) {
                StoredEvent event = aggregate.get(i);
                if (event.globalIndex() <= upTo) {
                    heads.add(new Head(event.aggregateId(), event.sequenceNumber(), hashes.get(i),
                            aggregate.get(0).globalIndex()));
                    break;
                }
            }
        }
        return heads;
    }

    /**
     * Aggregates with events stored in turns among them, in no order of their ids (a store's collation need not be
     * their bytes'); with {@code moved}, some events take a global index below their predecessor's, or one another
     * event has.
     */
    static List<List<StoredEvent>> store(Random random, int count, boolean moved) {
        String[] letters = {"a", "b", "Z", "é", "ж", "0", "-", "😀"};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder id = new StringBuilder();
            for (int length = random.nextInt(4); length >= 0; length--) {
                id.append(letters[random.nextInt(letters.length)]);
            }
            ids.add(id + "-" + i);
        }
        List<List<StoredEvent>> aggregates = new ArrayList<>();
        ids.forEach(id -> aggregates.add(new ArrayList<>()));
        int[] remaining = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            remaining[i] = 1 + random.nextInt(random.nextInt(8) == 0 ? 40 : 4);
            total += remaining[i];
        }
        long globalIndex = 0;
        List<Integer> open = new ArrayList<>();
        int opened = 0;
        for (long stored = 0; stored < total; stored++) {
            if (opened < count && (open.isEmpty() || random.nextInt(3) == 0)) {
                open.add(random.nextInt(open.size() + 1), opened++);
            }
            int at = random.nextInt(open.size());
            int aggregate = open.get(at);
            globalIndex += 1 + random.nextInt(3);
            long index = globalIndex;
            if (moved && random.nextInt(12) == 0) {
                index = Math.max(1, globalIndex - random.nextInt(40));
            }
            List<StoredEvent> events = aggregates.get(aggregate);
            events.add(event(ids.get(aggregate), events.size(), index));
            if (--remaining[aggregate] == 0) {
                open.remove(at);
            }
        }
        Collections.shuffle(aggregates, random);
        return aggregates;
    }

    /**
     * Checkpoints at global indexes among the events', in no order, of the first format then the second; in half
     * the stores a last one above every event, in the others events above every checkpoint, as a store holds some.
     */
    private static List<Checkpoint> checkpoints(Random random, List<List<StoredEvent>> aggregates, int count) {
        long highest = aggregates.stream().flatMap(List::stream).mapToLong(StoredEvent::globalIndex).max().orElse(0);
        List<Checkpoint> checkpoints = new ArrayList<>();
        boolean above = random.nextBoolean();
        for (int c = 0; c < count; c++) {
            long upTo = c == count - 1 && above ? highest + 5 : random.nextLong(highest + 2);
            String format = c < count / 3 ? Checkpoint.V1 : Checkpoint.V2;
            checkpoints.add(new Checkpoint(format, "service", c + 1, upTo, 0, 0, HEX.formatHex(new byte[32]),
                    "2026-12-06T00:00:00Z", "key", null));
        }
        return checkpoints;
    }

    private static StoredEvent event(String aggregateId, long sequenceNumber, long globalIndex) {
        return new StoredEvent(globalIndex, aggregateId, sequenceNumber, "Case",
                aggregateId + "/" + sequenceNumber, "Noted", null, "2026-12-06T00:00:00Z",
                "{}".getBytes(StandardCharsets.UTF_8), ("{\"n\":" + globalIndex + "}").getBytes(StandardCharsets.UTF_8),
                null);
    }

    static List<byte[]> hashes(List<StoredEvent> aggregate) {
        List<byte[]> hashes = new ArrayList<>();
        byte[] previous = EventChain.GENESIS;
        for (StoredEvent event : aggregate) {
            previous = EventChain.hash(previous, event);
            hashes.add(previous);
        }
        return hashes;
    }
}
