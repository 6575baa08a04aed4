package org.caseledger.platform.personaldata;

import org.caseledger.platform.testing.MovingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyMemoryTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void holdsNoMoreKeysThanItsBoundAndAlwaysTheOneJustPut() {
        KeyMemory memory = new KeyMemory(100, clock);

        IntStream.range(0, 1_000).forEach(i -> memory.put("subject-" + i, key(i), Instant.MAX));

        assertThat(memory.size()).isLessThanOrEqualTo(100);
        assertThat(memory.get("subject-999")).isEqualTo(key(999));
    }

    @Test
    void makesRoomByForgettingTheKeysPutLongestAgo() {
        KeyMemory memory = new KeyMemory(100, clock);
        IntStream.range(0, 100).forEach(i -> memory.put("subject-" + i, key(i), Instant.MAX));

        IntStream.range(100, 110).forEach(i -> memory.put("subject-" + i, key(i), Instant.MAX));

        assertThat(memory.size()).isEqualTo(85);
        IntStream.range(0, 25).forEach(i -> assertThat(memory.get("subject-" + i)).as("subject-" + i).isNull());
        IntStream.range(25, 110).forEach(i -> assertThat(memory.get("subject-" + i)).as("subject-" + i)
                .isEqualTo(key(i)));
    }

    @Test
    void forgetsTheKeysPastTheirMomentBeforeAnyOther() {
        KeyMemory memory = new KeyMemory(4, clock);
        memory.put("lasting-1", key(1), Instant.MAX);
        memory.put("lasting-2", key(2), Instant.MAX);
        memory.put("passing-3", key(3), clock.instant().plusSeconds(10));
        memory.put("passing-4", key(4), clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(11));

        memory.put("new-5", key(5), Instant.MAX);

        assertThat(memory.size()).isEqualTo(3);
        assertThat(memory.get("lasting-1")).isEqualTo(key(1));
        assertThat(memory.get("lasting-2")).isEqualTo(key(2));
        assertThat(memory.get("new-5")).isEqualTo(key(5));
    }

    @Test
    void answersNothingForAKeyPastItsMoment() {
        KeyMemory memory = new KeyMemory(10, clock);
        memory.put("subject", key(1), clock.instant().plusSeconds(10));

        assertThat(memory.get("subject")).isEqualTo(key(1));
        clock.advance(Duration.ofSeconds(10));
        assertThat(memory.get("subject")).isNull();
    }

    @Test
    void aKeyAnsweredAfterAnErasureDoesNotTakeItsPlace() {
        KeyMemory memory = new KeyMemory(10, clock);
        memory.put("erased", DataKey.ERASED, Instant.MAX);

        memory.put("erased", key(1), Instant.MAX);
        memory.put("other", key(2), Instant.MAX);

        assertThat(memory.get("erased")).isEqualTo(DataKey.ERASED);
        assertThat(memory.get("other")).isEqualTo(key(2));
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new KeyMemory(0, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    private static DataKey key(int seed) {
        byte[] bytes = new byte[DataKey.BYTES];
        bytes[0] = (byte) seed;
        bytes[1] = (byte) (seed >> 8);
        return DataKey.Present.of(bytes);
    }
}
