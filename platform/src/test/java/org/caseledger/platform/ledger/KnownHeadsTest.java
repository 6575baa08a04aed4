package org.caseledger.platform.ledger;

import org.caseledger.platform.ledger.MerkleTree.Head;
import org.caseledger.platform.testing.HeapInUse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownHeadsTest {

    /**
     * Rounds of new aggregates and moved ones, with ids of every length and of letters outside ASCII, some before,
     * between and after all those known, put at once or in two batches: each round's root is the root of every head
     * as it stands.
     */
    @Test
    void theHeadsMovedRoundByRoundGiveTheRootOfEveryHeadAsItStands() {
        Random random = new Random(6962);
        String[] letters = {"a", "b", "Z", "é", "ж", "0", "~", "😀"};
        Map<String, Head> model = new HashMap<>();
        List<String> known = new ArrayList<>();
        KnownHeads heads = new KnownHeads();
        long events = 0;
        for (int round = 0; round < 60; round++) {
            Map<String, Head> moved = new HashMap<>();
            int newOnes = round % 7 == 3 ? 0 : random.nextInt(40);
            for (int i = 0; i < newOnes; i++) {
                StringBuilder id = new StringBuilder();
                for (int length = random.nextInt(6); length >= 0; length--) {
                    id.append(letters[random.nextInt(letters.length)]);
                }
                moved.put(id.toString(), head(random, id.toString()));
            }
            for (int i = round % 5 == 1 ? 0 : random.nextInt(10); i > 0 && !known.isEmpty(); i--) {
                String id = known.get(random.nextInt(known.size()));
                moved.put(id, head(random, id));
            }
            long stored = moved.size() + random.nextInt(5);
            List<Head> batch = new ArrayList<>(moved.values());
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
                    .isEqualTo(MerkleTree.root(new ArrayList<>(model.values())));
        }
    }

    @Test
    void refusesTwoHeadsOfOneAggregateInOneMove() {
        Random random = new Random(1);
        KnownHeads heads = new KnownHeads();

        assertThatThrownBy(() -> heads.put(List.of(head(random, "a"), head(random, "b"), head(random, "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Aggregate a has two heads");
        assertThat(heads.aggregates()).isZero();
    }

    /**
     * The heads of every aggregate stay in the service's memory from one checkpoint to the next: some 450,000 on the
     * local stack at 1.6 million events, where a sorted map of ids and leaves held 75 MB of the service's 384.
     */
    @Test
    void holdsAnAggregatesHeadInAHundredBytesOrFewer() {
        Random random = new Random(7);
        int aggregates = 200_000;

        long before = HeapInUse.afterCollecting();
        KnownHeads heads = new KnownHeads();
        for (int round = 0; round < aggregates / 5_000; round++) {
            List<Head> moved = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                moved.add(head(random, new UUID(random.nextLong(), random.nextLong()).toString()));
            }
            heads.put(moved);
            heads.settle(round, moved.size());
        }
        long held = HeapInUse.afterCollecting() - before;

        assertThat(heads.aggregates()).isEqualTo(aggregates);
        assertThat(held / aggregates).as("bytes held per aggregate of a 36-character id").isLessThanOrEqualTo(100);
    }

    private static Head head(Random random, String id) {
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        return new Head(id, random.nextInt(1_000), hash);
    }
}
