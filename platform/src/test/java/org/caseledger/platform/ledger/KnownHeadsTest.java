package org.caseledger.platform.ledger;

import org.caseledger.platform.ledger.MerkleTree.Head;
import org.caseledger.platform.testing.HeapInUse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownHeadsTest {

    /**
     * Rounds of new aggregates and moved ones, with ids of every length and of letters outside ASCII, put at once or
     * in two batches, across many blocks of leaves, the moved ones in blocks whose nodes are kept: each round's root is
     * the root of every head as it stands, in the order of their first events.
     */
    @Test
    void theHeadsMovedRoundByRoundGiveTheRootOfEveryHeadAsItStands() {
        Random random = new Random(6962);
        String[] letters = {"a", "b", "Z", "é", "ж", "0", "~", "😀"};
        Map<String, Head> model = new HashMap<>();
        List<String> known = new ArrayList<>();
        KnownHeads heads = new KnownHeads();
        long events = 0;
        long first = 0;
        for (int round = 0; round < 80; round++) {
            Map<String, Head> moved = new LinkedHashMap<>();
            int newOnes = round % 7 == 3 ? 0 : random.nextInt(round < 40 ? 100 : 3);
            for (int i = 0; i < newOnes; i++) {
                String id;
                do {
                    StringBuilder letters6 = new StringBuilder();
                    for (int length = random.nextInt(6); length >= 0; length--) {
                        letters6.append(letters[random.nextInt(letters.length)]);
                    }
                    id = letters6 + "-" + random.nextInt(1_000);
                } while (model.containsKey(id) || moved.containsKey(id));
                first += 1 + random.nextInt(3);
                moved.put(id, head(random, id, first));
            }
            for (int i = round % 5 == 1 ? 0 : random.nextInt(10); i > 0 && !known.isEmpty(); i--) {
                String id = known.get(random.nextInt(known.size()));
                moved.put(id, head(random, id, model.get(id).firstGlobalIndex()));
            }
            List<Head> batch = new ArrayList<>(moved.values());
            batch.sort(Comparator.comparingLong(Head::firstGlobalIndex));
            long stored = moved.size() + random.nextInt(5);
            if (round % 3 == 0) {
                heads.put(batch.subList(0, batch.size() / 2));
                heads.put(batch.subList(batch.size() / 2, batch.size()));
            } else {
                heads.put(batch);
            }
            heads.settle(round * 100L, stored);
            events += stored;
            for (String id : moved.keySet()) {
                if (model.put(id, moved.get(id)) == null) {
                    known.add(id);
                }
            }

            assertThat(heads.upTo()).isEqualTo(round * 100L);
            assertThat(heads.events()).isEqualTo(events);
            assertThat(heads.aggregates()).as("round %d", round).isEqualTo(model.size());
            assertThat(heads.root()).as("round %d, %d aggregates", round, model.size())
                    .isEqualTo(MerkleTree.root(new ArrayList<>(model.values()), Checkpoint.V2));
        }
        assertThat(model.size()).as("aggregates over many blocks").isGreaterThan(40 * KnownHeads.BLOCK);
    }

    @Test
    void refusesANewAggregateWhoseFirstEventComesBeforeTheLastOnesHeld() {
        Random random = new Random(1);
        KnownHeads heads = new KnownHeads();
        heads.put(List.of(head(random, "a", 5), head(random, "b", 9)));

        assertThatThrownBy(() -> heads.put(List.of(head(random, "c", 7))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Aggregate c (first event 7) is new but comes after an aggregate whose first "
                        + "event is 9");
        assertThat(heads.aggregates()).isEqualTo(2);
    }

    /**
     * The heads of every aggregate stay in the service's memory from one checkpoint to the next: some two million on
     * the local stack at 7.7 million events. A sorted map of ids and leaves took 158 bytes an aggregate, the ids and
     * leaves in arrays 82; the first events' indexes and the leaves take 40, with the arrays' room to grow. Measured
     * 39 with the serial collector the build's tests run with, 54 with G1 (a test chosen by name), whose regions the
     * large arrays fill whole.
     */
    @Test
    void holdsAnAggregatesHeadInSixtyBytesOrFewer() {
        Random random = new Random(7);
        int aggregates = 200_000;

        long before = HeapInUse.afterCollecting();
        KnownHeads heads = new KnownHeads();
        for (int round = 0; round < aggregates / 5_000; round++) {
            List<Head> moved = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                moved.add(head(random, new UUID(random.nextLong(), random.nextLong()).toString(),
                        round * 5_000L + i));
            }
            heads.put(moved);
            heads.settle(round, moved.size());
        }
        long held = HeapInUse.afterCollecting() - before;

        assertThat(heads.aggregates()).isEqualTo(aggregates);
        assertThat(held / aggregates).as("bytes held per aggregate of a 36-character id").isLessThanOrEqualTo(60);
    }

    private static Head head(Random random, String id, long first) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        return new Head(id, random.nextInt(1_000), hash, first);
    }
}
