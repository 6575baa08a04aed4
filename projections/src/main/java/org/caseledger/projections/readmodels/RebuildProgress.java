package org.caseledger.projections.readmodels;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * How far a rebuild of a read model has got.
 *
 * @param state           {@code BUILDING} while the copy reads the topics beside the live model; {@code SWITCHING}
 *                        while the live consumer waits for the copy to reach its position and the tables are swapped;
 *                        {@code SWITCHED} once queries read the copy and the old tables are being dropped;
 *                        {@code DONE} for the last rebuild finished by this instance
 * @param done            records the copy has applied, over all partitions of its topics
 * @param total           records on the topics now (it grows while events arrive); null when Kafka did not answer
 * @param eventsPerSecond records applied per second over the last seconds; over the whole rebuild once it is done
 * @param secondsLeft     at that pace, the seconds until the copy has read all there is; null until measured
 */
@Schema(example = """
        {"state": "BUILDING", "startedAt": "2026-03-02T10:15:30Z", "requestedBy": "admin", "done": 412000,
         "total": 1000000, "eventsPerSecond": 8410.5, "secondsLeft": 70, "finishedAt": null}""")
public record RebuildProgress(String state, Instant startedAt, String requestedBy, long done, Long total,
                              Double eventsPerSecond, Long secondsLeft, Instant finishedAt) {
}
