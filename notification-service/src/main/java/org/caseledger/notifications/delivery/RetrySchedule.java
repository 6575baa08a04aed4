package org.caseledger.notifications.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the retry schedule of the Standard Webhooks specification (immediately,
 * then 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours after the attempt before), about
 * 27 hours in all, each wait spread by up to a fifth either way so that the retries of many deliveries that failed
 * together (a receiver that was down) do not all arrive together. After the last attempt the delivery is dead.
 * The table is in {@code docs/notifications.md}.
 */
public final class RetrySchedule {

    static final List<Duration> WAITS = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    static final double JITTER = 0.2;

    /** Attempts of one round of the schedule: the first, and one after each wait. */
    public static final int ATTEMPTS = WAITS.size() + 1;

    private RetrySchedule() {
    }

    /**
     * The wait before the next attempt after {@code failedAttempts} attempts of this round failed, or empty when
     * the round is over.
     */
    public static Optional<Duration> waitAfter(int failedAttempts, RandomGenerator random) {
        if (failedAttempts < 1 || failedAttempts > WAITS.size()) {
            return Optional.empty();
        }
        Duration wait = WAITS.get(failedAttempts - 1);
        double factor = 1 - JITTER + random.nextDouble() * 2 * JITTER;
        return Optional.of(Duration.ofMillis(Math.round(wait.toMillis() * factor)));
    }

    /** The whole round without jitter: how long a receiver may be down before its deliveries are dead. */
    public static Duration length() {
        return WAITS.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
