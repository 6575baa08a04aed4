package org.caseledger.notifications.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per row of the retry table in docs/notifications.md, and the round as a whole. */
class RetryScheduleTest {

    @ParameterizedTest(name = "after {0} failed attempts, about {1}")
    @CsvSource({
            "1, PT5S",
            "2, PT5M",
            "3, PT30M",
            "4, PT2H",
            "5, PT5H",
            "6, PT10H",
            "7, PT10H"})
    void theWaitFollowsTheStandardWebhooksScheduleSpreadByAFifth(int failedAttempts, Duration schedule) {
        RandomGenerator random = new SplittableRandom(failedAttempts);
        for (int i = 0; i < 1000; i++) {
            Duration wait = RetrySchedule.waitAfter(failedAttempts, random).orElseThrow();
            assertThat(wait).isBetween(scaled(schedule, 0.8), scaled(schedule, 1.2));
        }
    }

    @Test
    void theWaitsAreSpreadNotAllTheSame() {
        RandomGenerator random = new SplittableRandom(7);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> RetrySchedule.waitAfter(3, random).orElseThrow())
                .distinct().count();
        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void afterTheEighthFailedAttemptThereIsNoOtherAndTheDeliveryIsDead() {
        assertThat(RetrySchedule.ATTEMPTS).isEqualTo(8);
        assertThat(RetrySchedule.waitAfter(8, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void aRoundLastsAboutADay() {
        assertThat(RetrySchedule.length()).isEqualTo(Duration.parse("PT27H35M5S"));
    }

    private static Duration scaled(Duration duration, double factor) {
        return Duration.ofMillis(Math.round(duration.toMillis() * factor));
    }
}
