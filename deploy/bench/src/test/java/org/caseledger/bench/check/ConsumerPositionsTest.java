package org.caseledger.bench.check;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerPositionsTest {

    /** The harness read up to offset 99 of partition 0 and 49 of partition 1. */
    private static final Map<Integer, Long> END = Map.of(0, 100L, 1, 50L);

    @Test
    void aConsumerIsCaughtUpAtTheEndOrPastItsCommitMarker() {
        Map<String, Map<Integer, Long>> positions = new TreeMap<>();
        positions.put("at the end", Map.of(0, 100L, 1, 50L));
        positions.put("past the commit markers", Map.of(0, 101L, 1, 51L));

        assertThat(ConsumerPositions.behind(positions, END)).isEmpty();
    }

    @Test
    void aConsumerShortInOnePartitionOrWithoutAPositionThereIsBehind() {
        Map<String, Map<Integer, Long>> positions = new TreeMap<>();
        positions.put("caught up", Map.of(0, 101L, 1, 51L));
        positions.put("one record short", Map.of(0, 101L, 1, 49L));
        positions.put("no position in partition 1", Map.of(0, 101L));

        assertThat(ConsumerPositions.behind(positions, END))
                .containsExactly("no position in partition 1", "one record short");
    }
}
