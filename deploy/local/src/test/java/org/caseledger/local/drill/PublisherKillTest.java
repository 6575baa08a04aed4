package org.caseledger.local.drill;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherKillTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void publicationIsTakenOverWhenTheFirstEventStoredAfterTheKillIsOnTheTopic() {
        long killedAt = 100 * SECOND;
        Map<Long, Long> firstSeen = Map.of(
                5L, 99 * SECOND,
                6L, killedAt + 3 * SECOND,
                7L, killedAt + 12 * SECOND,
                8L, killedAt + 11 * SECOND);

        assertThat(PublisherKill.takeoverSeconds(killedAt, 6, firstSeen)).isEqualTo(11.0);
    }

    @Test
    void anEventStoredAfterTheKillButNeverOnTheTopicIsNoTakeover() {
        long killedAt = 100 * SECOND;

        assertThat(PublisherKill.takeoverSeconds(killedAt, 6, Map.of(6L, killedAt + SECOND, 7L, -1L)))
                .isEqualTo(-1.0);
    }

    @Test
    void aKillNotYetToldHasNotHappened() {
        PublisherKill kill = new PublisherKill();

        assertThat(kill.happened()).isFalse();
        kill.killed("case-service", 5 * SECOND, 42);
        assertThat(kill.happened()).isTrue();
        assertThat(kill.instance()).isEqualTo("case-service");
    }
}
