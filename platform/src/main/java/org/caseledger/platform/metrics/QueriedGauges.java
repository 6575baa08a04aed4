package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Gauges whose values come from a query (a count over a read model, the event store's head), run on a schedule
 * of their own rather than on every scrape: a scrape then costs the database nothing, and a slow query delays only
 * its own figure. A gauge shows its last value until the next query answers; one that fails keeps its last value
 * and logs why.
 */
public class QueriedGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueriedGauges.class);

    private final MeterRegistry registry;
    private final Duration interval;
    private final List<Queried> gauges = new CopyOnWriteArrayList<>();
    private volatile ScheduledExecutorService scheduler;

    public QueriedGauges(MeterRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
    }

    /**
     * A gauge with one row per set of tags, such as one per status. A row the query no longer returns disappears.
     *
     * @param query the current values by their tags; tags must never carry personal data
     */
    public void register(String name, String description, String baseUnit, Supplier<Map<Tags, ? extends Number>> query) {
        MultiGauge gauge = MultiGauge.builder(name).description(description).baseUnit(baseUnit).register(registry);
        gauges.add(new Queried(name, gauge, query));
    }

    /** Runs every query now; the schedule calls it, and so may a test that must not wait for the schedule. */
    public void refresh() {
        for (Queried queried : gauges) {
            try {
                Map<Tags, ? extends Number> values = queried.query().get();
                queried.gauge().register(values.entrySet().stream()
                        .map(row -> MultiGauge.Row.of(row.getKey(), row.getValue()))
                        .toList(), true);
            } catch (RuntimeException e) {
                log.warn("Gauge {} keeps its last value: its query failed: {}", queried.name(), e.getMessage());
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "queried-gauges");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private record Queried(String name, MultiGauge gauge, Supplier<Map<Tags, ? extends Number>> query) {
    }
}
