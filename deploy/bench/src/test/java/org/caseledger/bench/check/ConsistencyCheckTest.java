package org.caseledger.bench.check;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistencyCheckTest {

    /** 3 cases, each opened and released: 4 events a case, 2 of them derived statuses. */
    private static final Map<Integer, Long> END = Map.of(0, 5L, 1, 7L, 2, 0L);

    @Test
    void agreesWhenEveryEventIsPublishedAndProjectedOnce() {
        assertThat(counts(12, END, END, 6, 3, 3L).disagreements()).isEmpty();
    }

    @Test
    void aPartitionNoRecordReachedNeedsNoStoredPosition() {
        assertThat(counts(12, END, Map.of(0, 5L, 1, 7L), 6, 3, 3L).disagreements()).isEmpty();
    }

    @Test
    void disagreesWhenTheTopicHoldsAnEventTwice() {
        assertThat(counts(13, Map.of(0, 6L, 1, 7L, 2, 0L), Map.of(0, 6L, 1, 7L), 6, 3, 3L).disagreements())
                .containsExactly("the topic holds 13 records for 12 stored events");
    }

    @Test
    void disagreesWhenProjectionsHaveNotReadTheWholeTopic() {
        assertThat(counts(12, END, Map.of(0, 5L, 1, 6L), END, 6, 3, 3L).disagreements())
                .singleElement().asString().startsWith("projections' case positions");
    }

    /** The timeline has a consumer of its own, which may lag behind the case view's. */
    @Test
    void disagreesWhenTheTimelineHasNotReadTheWholeTopic() {
        assertThat(counts(12, END, END, Map.of(0, 5L), 6, 3, 3L).disagreements())
                .singleElement().asString().startsWith("projections' timeline positions");
    }

    @Test
    void disagreesWhenAFactIsOnTheTimelineTwice() {
        assertThat(counts(12, END, END, 7, 3, 3L).disagreements())
                .containsExactly("projections' timelines hold 7 rows for 6 facts");
    }

    @Test
    void disagreesWhenAReadModelMissesACase() {
        assertThat(counts(12, END, END, 6, 2, 2L).disagreements())
                .containsExactly("projections holds 2 cases, 3 were opened", "appeal-service knows 2 cases, 3 were opened");
    }

    @Test
    void leavesOutAppealServiceWhenTheStackHasNone() {
        assertThat(counts(12, END, END, 6, 3, null).disagreements()).isEmpty();
    }

    private static ConsistencyCheck.Counts counts(long topicRecords, Map<Integer, Long> topicEnd,
                                                  Map<Integer, Long> positions, long timelineRows, long caseRows,
                                                  Long knownCases) {
        return counts(topicRecords, topicEnd, positions, positions, timelineRows, caseRows, knownCases);
    }

    private static ConsistencyCheck.Counts counts(long topicRecords, Map<Integer, Long> topicEnd,
                                                  Map<Integer, Long> viewPositions,
                                                  Map<Integer, Long> timelinePositions, long timelineRows,
                                                  long caseRows, Long knownCases) {
        return new ConsistencyCheck.Counts(12, 6, 3, topicRecords, topicEnd, viewPositions, caseRows,
                timelinePositions, timelineRows, knownCases == null ? Map.of() : topicEnd, knownCases);
    }
}
