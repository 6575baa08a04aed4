package org.caseledger.projections.statistics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * How current the read models are: when the newest event any of them holds was stored, and how many records on the
 * topics each consumer (one per read model) has not applied yet, as its own lag gauges last saw them after a poll.
 */
@Component
class Freshness {

    /**
     * @param lastEventAt   when the newest event of a case or an appeal was stored; null while there is none
     * @param sinceLastEvent how long ago that was
     * @param behind        records waiting per consumer; a consumer that has not polled yet is not named
     */
    record Now(Instant lastEventAt, Duration sinceLastEvent, Map<String, Long> behind) {
    }

    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final Clock clock;

    Freshness(JdbcClient jdbc, MeterRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.clock = clock;
    }

    Now now() {
        Timestamp last = jdbc.sql("""
                        SELECT greatest((SELECT max(last_event_at) FROM case_status),
                                        (SELECT max(last_event_at) FROM appeal))""")
                .query(Timestamp.class)
                .optional()
                .orElse(null);
        Instant lastEventAt = last == null ? null : last.toInstant();
        Map<String, Long> behind = new TreeMap<>();
        for (Gauge gauge : registry.find("caseledger.consumer.lag").gauges()) {
            double records = gauge.value();
            if (!Double.isNaN(records)) {
                behind.merge(gauge.getId().getTag("consumer"), (long) records, Long::sum);
            }
        }
        return new Now(lastEventAt, lastEventAt == null ? null : Duration.between(lastEventAt, clock.instant()),
                behind);
    }
}
