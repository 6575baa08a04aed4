package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The timers and counters Axon's {@code MessageTimerMonitor} and {@code MessageCountingMonitor} keep of a bus or
 * processor, under the same names, tags and percentiles, looked up in the registry once for each set of tags rather
 * than at every message. Axon's monitors build nine meters' ids and find them in the registry at every message, and
 * every command, every event stored and every event published passes one: about 3 µs a message against half a
 * microsecond here ({@code CommandOverheadBenchmark}).
 * <p>
 * The meters are kept as the registry first gave them: one removed from the registry afterwards goes on counting
 * here, unseen, as a meter held by any other code does.
 */
final class MessageMeters implements MessageMonitor<Message<?>> {

    /** Axon's: what its timers keep for percentiles, and for how long. */
    private static final double[] PERCENTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final Duration EXPIRY = Duration.ofMinutes(10);

    private final String prefix;
    private final MeterRegistry registry;
    private final Function<Message<?>, Iterable<Tag>> tagsOf;
    private final Clock clock;
    private final Map<Tags, Meters> byTags = new ConcurrentHashMap<>();

    MessageMeters(String prefix, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tagsOf) {
        this.prefix = prefix;
        this.registry = registry;
        this.tagsOf = tagsOf;
        this.clock = registry.config().clock();
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Meters meters = byTags.computeIfAbsent(Tags.of(tagsOf.apply(message)), this::meters);
        meters.ingested.increment();
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                finish(meters.successTime, meters.processed, meters.success);
            }

            @Override
            public void reportFailure(Throwable cause) {
                finish(meters.failureTime, meters.processed, meters.failure);
            }

            @Override
            public void reportIgnored() {
                finish(meters.ignoredTime, meters.ignored);
            }

            /** Every outcome is timed as a message and as that outcome, and counted as Axon counts it. */
            private void finish(Timer outcome, Counter... counted) {
                long took = clock.monotonicTime() - start;
                meters.all.record(took, TimeUnit.NANOSECONDS);
                outcome.record(took, TimeUnit.NANOSECONDS);
                for (Counter counter : counted) {
                    counter.increment();
                }
            }
        };
    }

    private Meters meters(Tags tags) {
        return new Meters(timer("allTimer", tags), timer("successTimer", tags), timer("failureTimer", tags),
                timer("ignoredTimer", tags), counter("ingestedCounter", tags), counter("successCounter", tags),
                counter("failureCounter", tags), counter("processedCounter", tags), counter("ignoredCounter", tags));
    }

    private Timer timer(String name, Tags tags) {
        return Timer.builder(prefix + "." + name)
                .distributionStatisticExpiry(EXPIRY)
                .publishPercentiles(PERCENTILES)
                .tags(tags)
                .register(registry);
    }

    private Counter counter(String name, Tags tags) {
        return registry.counter(prefix + "." + name, tags);
    }

    private record Meters(Timer all, Timer successTime, Timer failureTime, Timer ignoredTime, Counter ingested,
                          Counter success, Counter failure, Counter processed, Counter ignored) {
    }
}
