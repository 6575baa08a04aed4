package org.caseledger.notifications.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.subscription.Channel;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code /actuator/metrics} shows of deliveries: {@code notifications.deliveries} by status (pending,
 * delivered, dead, cancelled; counted in the database, so the same on every instance),
 * {@code notifications.delivery.latency} from the moment the event was recorded to the receiver's acceptance, and
 * {@code notifications.delivery.attempts} by channel and outcome. No tag names a case or a receiver.
 */
@Component
class DeliveryMetrics {

    private static final Duration COUNTS_FRESH_FOR = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Deliveries deliveries;
    private volatile Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
    private volatile long countedAt;
    private volatile boolean counted;

    DeliveryMetrics(MeterRegistry registry, Deliveries deliveries) {
        this.registry = registry;
        this.deliveries = deliveries;
        for (DeliveryStatus status : DeliveryStatus.values()) {
            Gauge.builder("notifications.deliveries", this, metrics -> metrics.count(status))
                    .tag("status", status.name().toLowerCase())
                    .description("Deliveries in this status")
                    .register(registry);
        }
    }

    void delivered(Channel channel, EventKind kind, Duration sinceEvent) {
        Timer.builder("notifications.delivery.latency")
                .description("From the moment the event was recorded to the receiver's acceptance")
                .tag("channel", channel.name().toLowerCase())
                .tag("kind", kind.name().toLowerCase())
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry)
                .record(sinceEvent);
    }

    void attempted(Channel channel, Attempt.Outcome outcome) {
        Counter.builder("notifications.delivery.attempts")
                .tag("channel", channel.name().toLowerCase())
                .tag("outcome", outcome.name().toLowerCase())
                .register(registry)
                .increment();
    }

    private double count(DeliveryStatus status) {
        if (!counted || System.nanoTime() - countedAt > COUNTS_FRESH_FOR.toNanos()) {
            counts = deliveries.countByStatus();
            countedAt = System.nanoTime();
            counted = true;
        }
        return counts.getOrDefault(status, 0L);
    }
}
