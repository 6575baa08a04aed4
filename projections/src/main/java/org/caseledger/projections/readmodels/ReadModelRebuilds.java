package org.caseledger.projections.readmodels;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.platform.kafka.ConsumerStandings;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.caseledger.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Rebuilds read models beside the live ones, one rebuild per model at a time, and takes up on start what a stopped or
 * killed instance left: a rebuild still building resumes from the copy's stored positions, and one that had switched
 * drops the retired tables. Its progress is in {@code GET /api/admin/projections}, in a log line every
 * {@code caseledger.rebuild.report-every} and in the gauges {@code caseledger.rebuild.*} (tag {@code read_model}).
 *
 * <p>A group of models is one rebuild: a request for any of its consumers' names starts it, a request for any of them
 * while it runs is refused, and each name shows its progress.
 *
 * <p>A rebuild reads each topic with {@code caseledger.rebuild.consumers} consumers side by side (2 unless set), which
 * share its partitions as instances of the service would: while one waits for PostgreSQL, another works.
 */
@Component
public class ReadModelRebuilds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilds.class);

    private final Map<String, RebuildableModel> rebuildable;
    private final Map<String, TopicConsumer> live;
    private final TopicConsumers consumers;
    private final RebuildTables tables;
    private final ConsumerStandings standings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration reportEvery;
    private final int consumersEach;
    private final Map<String, RebuildRun> runs = new ConcurrentHashMap<>();
    private final Map<String, RebuildProgress> finished = new ConcurrentHashMap<>();
    private volatile boolean running;

    ReadModelRebuilds(List<RebuildableModel> rebuildable, List<TopicConsumer> live, TopicConsumers consumers,
                      RebuildTables tables, ConsumerStandings standings, JdbcClient jdbc, Clock clock,
                      MeterRegistry registry,
                      @Value("${caseledger.rebuild.report-every:PT5S}") Duration reportEvery,
                      @Value("${caseledger.rebuild.consumers:2}") int consumersEach) {
        if (consumersEach < 1) {
            throw new IllegalArgumentException("caseledger.rebuild.consumers is " + consumersEach
                    + "; a rebuild needs at least one consumer of each topic it reads");
        }
        this.rebuildable = new HashMap<>();
        for (RebuildableModel model : rebuildable) {
            this.rebuildable.put(model.name(), model);
            model.consumerNames().forEach(name -> this.rebuildable.put(name, model));
        }
        this.live = live.stream().collect(Collectors.toMap(TopicConsumer::name, Function.identity()));
        this.consumers = consumers;
        this.tables = tables;
        this.standings = standings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.reportEvery = reportEvery;
        this.consumersEach = consumersEach;
        for (String model : this.rebuildable.keySet()) {
            gauge(registry, model, "caseledger.rebuild.events.done", "Records the rebuild's copy has applied",
                    null, progress -> progress.done());
            gauge(registry, model, "caseledger.rebuild.events.total",
                    "Records on the read model's topics while it is rebuilt", null,
                    progress -> progress.total() == null ? Double.NaN : progress.total());
            gauge(registry, model, "caseledger.rebuild.events.per.second",
                    "Records the rebuild's copy applies per second, over the last seconds", null,
                    progress -> progress.eventsPerSecond() == null ? Double.NaN : progress.eventsPerSecond());
            gauge(registry, model, "caseledger.rebuild.time.left",
                    "Seconds until the rebuild's copy has read all there is, at its pace", "seconds",
                    progress -> progress.secondsLeft() == null ? Double.NaN : progress.secondsLeft());
        }
    }

    private void gauge(MeterRegistry registry, String model, String name, String description, String unit,
                       ToDoubleFunction<RebuildProgress> value) {
        String rebuilt = rebuildable.get(model).name();
        Gauge.builder(name, () -> Optional.ofNullable(runs.get(rebuilt))
                        .map(run -> value.applyAsDouble(run.progress()))
                        .orElse(0.0))
                .description(description + "; 0 when no rebuild runs")
                .tag("read_model", model)
                .baseUnit(unit)
                .register(registry);
    }

    /**
     * Starts building a fresh copy of the read model.
     *
     * @throws org.springframework.web.ErrorResponseException 404 for a name no read model has, 409 for one that is
     *                                                        being rebuilt
     */
    public RebuildProgress rebuild(String name, String requestedBy) {
        RebuildableModel model = rebuildable.get(name);
        if (model == null) {
            throw Problems.notFound("No read model is named '" + name + "'; GET /api/admin/projections lists them "
                    + "by name (e.g. 'projections.timeline')");
        }
        synchronized (this) {
            if (runs.containsKey(model.name())) {
                throw alreadyRebuilding(name, model);
            }
            RebuildTables.Recorded recorded = tables.begin(model, requestedBy)
                    .orElseThrow(() -> alreadyRebuilding(name, model));
            log.info("Rebuild of {} begins in schema {}", together(model), model.buildingIn());
            return launch(model, recorded.startedAt(), requestedBy).progress();
        }
    }

    private static RuntimeException alreadyRebuilding(String name, RebuildableModel model) {
        String with = model.consumerNames().size() == 1 ? ""
                : ", together with " + String.join(" and ", model.consumerNames().stream()
                .filter(other -> !other.equals(name)).toList()) + " (one rebuild builds them all)";
        return Problems.conflict("Read model '" + name + "' is being rebuilt already" + with
                + "; GET /api/admin/projections shows how far it has got. A new rebuild can start once it is done.");
    }

    /** The read models a rebuild requested under this name builds afresh: the one named, or its whole group. */
    public List<String> rebuiltWith(String name) {
        RebuildableModel model = rebuildable.get(name);
        return model == null ? List.of(name) : model.consumerNames();
    }

    private static String together(RebuildableModel model) {
        return model.consumerNames().size() == 1 ? model.name() : String.join(" and ", model.consumerNames());
    }

    /** The rebuild under way in this instance, if any; for a model of a group, the group's. */
    public Optional<RebuildProgress> progress(String name) {
        return Optional.ofNullable(rebuildable.get(name)).map(model -> runs.get(model.name()))
                .map(RebuildRun::progress);
    }

    /** The last rebuild this instance finished, if any; for a model of a group, the group's. */
    public Optional<RebuildProgress> lastFinished(String name) {
        return Optional.ofNullable(rebuildable.get(name)).map(model -> finished.get(model.name()));
    }

    public boolean isRebuildable(String name) {
        return rebuildable.containsKey(name);
    }

    private RebuildRun launch(RebuildableModel model, Instant startedAt, String requestedBy) {
        List<TopicConsumer> liveConsumers = model.consumerNames().stream().map(live::get).toList();
        RebuildRun run = new RebuildRun(model, liveConsumers, consumers, tables, standings, jdbc, clock, reportEvery,
                consumersEach, startedAt, requestedBy, done -> {
                    finished.put(model.name(), done);
                    runs.remove(model.name());
                });
        runs.put(model.name(), run);
        run.start();
        return run;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (RebuildTables.Recorded recorded : tables.recorded()) {
            RebuildableModel model = rebuildable.get(recorded.readModel());
            if (model == null) {
                log.warn("A rebuild of {} is on record, but this version cannot rebuild that read model; left alone",
                        recorded.readModel());
            } else if (RebuildTables.SWITCHED.equals(recorded.state())) {
                tables.finish(model);
                log.info("Rebuild of {} had switched before the service stopped; the old tables are dropped",
                        model.name());
            } else if (tables.copyExists(model)) {
                log.info("Rebuild of {} resumes from the positions its copy stored", model.name());
                launch(model, recorded.startedAt(), recorded.requestedBy());
            } else {
                tables.finish(model);
                RebuildTables.Recorded again = tables.begin(model, recorded.requestedBy()).orElseThrow();
                log.info("Rebuild of {} had no copy left; it starts again", model.name());
                launch(model, again.startedAt(), again.requestedBy());
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        runs.values().forEach(RebuildRun::stop);
        runs.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
