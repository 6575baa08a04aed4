package org.caseledger.bench;

import java.time.Duration;

/**
 * How long each part of a run lasts. The default run stays under 10 minutes and {@code --quick} under 2 on the
 * 2-core machine the issue describes; {@code --seconds} sets every timed part to the same length, for a smoke run.
 *
 * @param warmUp        closed-loop commands before anything is recorded, so that the services run compiled code
 * @param jmhIterations measured iterations of each JMH limit, after one warm-up iteration of {@code jmhWarmUp}
 * @param drain         longest wait, after a load phase, for its events to reach the topic and projections
 */
public record Durations(Duration warmUp, Duration closedLoop, Duration openLoop, Duration queries,
                        Duration jmhWarmUp, Duration jmhIteration, int jmhIterations, Duration drain) {

    public static final Durations DEFAULT = new Durations(Duration.ofSeconds(20), Duration.ofSeconds(45),
            Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(3), 3,
            Duration.ofSeconds(60));

    public static final Durations QUICK = new Durations(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(8), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
            Duration.ofSeconds(30));

    public static Durations every(Duration length) {
        return new Durations(length, length, length, length, length, length, 2, Duration.ofSeconds(60));
    }
}
