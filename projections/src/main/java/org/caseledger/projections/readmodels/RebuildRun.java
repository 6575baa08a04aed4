package org.caseledger.projections.readmodels;

import org.caseledger.platform.kafka.ConsumerStandings;
import org.caseledger.platform.kafka.InSequence;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.kafka.TopicConsumers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One rebuild of one read model, on a thread of its own: a consumer of its own reads the topics from their beginning
 * into the copy, from the positions it stored with the copy's rows (none at first, so a resumed rebuild goes on where
 * it was). Once the copy is within a batch or so of the live model, the live consumer is stopped, the copy reads up
 * to the live model's last stored position or past it, the copy's consumer is stopped, and the tables are switched;
 * the live consumer then starts again from the copy's positions, which the switch made its own. Queries read the live
 * tables all along; only the live model's updates wait, for the last records and the switch.
 *
 * <p>The copy's consumer is several of one name side by side ({@code caseledger.rebuild.consumers}), each applying its
 * share of the partitions; their positions are stored under the one name, so they are measured and compared as one.
 *
 * <p>A group of models (the appeals and the statistics) is rebuilt so with a copy consumer per live one: the copy is
 * switched once every copy consumer has reached its live consumer, all live consumers paused together. The model's
 * upkeep (the statistics' fold of their count changes) is done on the copy every second while it is built and once
 * more before the switch, so the switch leaves the live model no more to fold than the last second's changes.
 */
final class RebuildRun {

    private static final Logger log = LoggerFactory.getLogger(RebuildRun.class);
    /**
     * How close the copy must be to the live model before the live consumer is paused for the switch: a batch, or what
     * the copy applies in a second at its pace, whichever is more; so the live model's updates wait about a second.
     */
    private static final long ONE_BATCH = 500;
    private static final Duration TICK = Duration.ofMillis(250);
    /** The topics' ends come from the broker, asked at most this often. */
    private static final Duration MEASURE_EVERY = Duration.ofSeconds(1);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(30);
    /** The copy's tables are analyzed once it holds this many records. */
    private static final long FIRST_ANALYZE = 2 * ONE_BATCH;

    private final RebuildableModel model;
    private final List<TopicConsumer> live;
    /** The copy's consumers: for each part, {@code consumersEach} of one name side by side, sharing its partitions. */
    private final List<TopicConsumer> copies;
    /** One of each part's copy consumers, standing for them all: they share their name, and so their positions. */
    private final List<TopicConsumer> onePerPart;
    private final RebuildTables tables;
    private final ConsumerStandings standings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration reportEvery;
    private final Instant startedAt;
    private final String requestedBy;
    private final Consumer<RebuildProgress> onFinished;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<long[]> samples = new ArrayDeque<>();
    private final Thread thread;

    private volatile String state = RebuildTables.BUILDING;
    private volatile RebuildProgress progress;
    private volatile boolean running = true;
    private final List<TopicConsumer> paused = new ArrayList<>();
    private long pausedAt;
    private long notBefore;
    private long firstDone = -1;
    private long firstDoneAt;
    /** Whether the copy's tables were analyzed since this instance took the rebuild up. */
    private boolean analyzed;

    RebuildRun(RebuildableModel model, List<TopicConsumer> live, TopicConsumers consumers, RebuildTables tables,
               ConsumerStandings standings, JdbcClient jdbc, Clock clock, Duration reportEvery, int consumersEach,
               Instant startedAt, String requestedBy, Consumer<RebuildProgress> onFinished) {
        this.model = model;
        this.live = List.copyOf(live);
        List<List<TopicConsumer>> eachPart = model.parts().stream()
                .map(part -> consumers.consumersInSchema(part.rebuildConsumer(), consumersEach, part.topics(),
                        () -> new InSequence(part.rebuildConsumer(), part.projection(), jdbc, consumers.codec()),
                        model.buildingIn()))
                .toList();
        this.copies = eachPart.stream().flatMap(List::stream).toList();
        this.onePerPart = eachPart.stream().map(part -> part.get(0)).toList();
        this.tables = tables;
        this.standings = standings;
        this.jdbc = jdbc;
        this.clock = clock;
        this.reportEvery = reportEvery;
        this.startedAt = startedAt;
        this.requestedBy = requestedBy;
        this.onFinished = onFinished;
        this.progress = new RebuildProgress(state, startedAt, requestedBy, 0, null, null, null, null);
        this.thread = new Thread(this::run, "rebuild-" + model.name());
    }

    void start() {
        thread.start();
    }

    RebuildProgress progress() {
        return progress;
    }

    /** Stops the copy's consumer where it is; what it stored stays, for a later start to resume from. */
    void stop() {
        running = false;
        stopped.countDown();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        copies.forEach(TopicConsumer::close);
    }

    private void run() {
        // What the copy held when this instance took it up: the pace counts from here, even for a rebuild whose
        // copy applies everything before it is first measured.
        measure();
        copies.forEach(TopicConsumer::start);
        long reportedAt = 0;
        long measuredAt = 0;
        try {
            while (running) {
                if (clock.millis() - measuredAt >= MEASURE_EVERY.toMillis()) {
                    measure();
                    model.upkeep().onTablesIn(model.buildingIn());
                    if (!analyzed && progress.done() >= FIRST_ANALYZE) {
                        analyze();
                    }
                    measuredAt = clock.millis();
                }
                if (clock.millis() - reportedAt >= reportEvery.toMillis()) {
                    report();
                    reportedAt = clock.millis();
                }
                if (RebuildTables.BUILDING.equals(state) && clock.millis() >= notBefore
                        && behindLive() <= closeEnough()) {
                    analyze();
                    pauseLive();
                    state = "SWITCHING";
                }
                if ("SWITCHING".equals(state) && behindLive() == 0) {
                    if (!aloneInTheLiveGroup()) {
                        log.warn("Rebuild of {}: another instance still runs a live consumer of {}, which would go "
                                + "on writing the old tables; the switch waits until this instance is the only one",
                                model.name(), model.consumerNames());
                        resumeLive();
                        state = RebuildTables.BUILDING;
                        notBefore = clock.millis() + WAIT_FOR_OTHERS.toMillis();
                        continue;
                    }
                    copies.forEach(TopicConsumer::stop);
                    measure();
                    model.upkeep().onTablesIn(model.buildingIn());
                    if (tables.switchOver(model)) {
                        state = RebuildTables.SWITCHED;
                        resumeLive();
                        tables.finish(model);
                        finished();
                        copies.forEach(TopicConsumer::close);
                        return;
                    }
                    log.warn("Rebuild of {}: a reader held a table longer than the switch waits; trying again",
                            model.name());
                    resumeLive();
                    copies.forEach(TopicConsumer::start);
                    state = RebuildTables.BUILDING;
                }
                stopped.await(TICK.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Rebuild of {} stopped: {}; the live model goes on, and the rebuild resumes when the service "
                    + "starts again", model.name(), e.getMessage(), e);
            copies.forEach(TopicConsumer::close);
            resumeLive();
        }
    }

    /**
     * The copy's tables analyzed once they hold some records, so that the copy's statements are planned for tables
     * that grow (the planner scales what it knows of a table by its size from then on, and autovacuum analyzes it
     * again as it grows); and once more before the live consumers pause for the switch, so that the tables switched
     * in come with their statistics rather than waiting for autovacuum. Only the planner waits on it: a rebuild whose
     * tables could not be analyzed goes on, as it did before it analyzed them.
     */
    private void analyze() {
        analyzed = true;
        try {
            tables.analyze(model);
        } catch (RuntimeException e) {
            log.warn("Rebuild of {}: the copy's tables could not be analyzed ({}); they are planned on as autovacuum "
                    + "leaves them", model.name(), e.getMessage());
        }
    }

    /**
     * With the live consumers stopped here, whether the broker still counts a member of one of their groups: another
     * instance that goes on applying records to the old tables after the switch's check would lose them for the new
     * ones.
     */
    private boolean aloneInTheLiveGroup() {
        return model.consumerNames().stream().allMatch(name -> standings.members(name).orElse(1) == 0);
    }

    private long closeEnough() {
        Double rate = progress.eventsPerSecond();
        return Math.max(ONE_BATCH, rate == null ? 0 : (long) rate.doubleValue());
    }

    private void pauseLive() {
        pausedAt = clock.millis();
        for (TopicConsumer consumer : live) {
            if (consumer.isRunning()) {
                consumer.stop();
                paused.add(consumer);
            }
        }
    }

    private void resumeLive() {
        if (!paused.isEmpty()) {
            paused.forEach(TopicConsumer::start);
            paused.clear();
            log.info("Rebuild of {}: the live model's updates waited {} ms for the copy's last records and the switch",
                    model.name(), clock.millis() - pausedAt);
        }
    }

    /**
     * Records the live model has applied that the copy has not yet, over the partitions each live consumer holds.
     */
    private long behindLive() {
        long behind = 0;
        for (RebuildableModel.Part part : model.parts()) {
            Map<String, Long> copied = positions(part.rebuildConsumer());
            for (Map.Entry<String, Long> position : positions(part.name()).entrySet()) {
                behind += Math.max(0, position.getValue() - copied.getOrDefault(position.getKey(), 0L));
            }
        }
        return behind;
    }

    private Map<String, Long> positions(String consumer) {
        Map<String, Long> positions = new HashMap<>();
        jdbc.sql("SELECT topic, partition_no, next_offset FROM consumer_position WHERE consumer_name = :consumer")
                .param("consumer", consumer)
                .query(row -> {
                    positions.put(row.getString(1) + "-" + row.getInt(2), row.getLong(3));
                });
        return positions;
    }

    private void measure() {
        List<ConsumerStandings.Standing> each = standings.of(onePerPart).consumers();
        long now = clock.millis();
        long done = each.stream().mapToLong(ConsumerStandings.Standing::applied).sum();
        Long lag = each.stream().anyMatch(standing -> standing.lag() == null) ? null
                : each.stream().mapToLong(ConsumerStandings.Standing::lag).sum();
        if (firstDone < 0) {
            firstDone = done;
            firstDoneAt = now;
        }
        samples.addLast(new long[] {now, done});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW.toMillis()) {
            samples.removeFirst();
        }
        Double rate = null;
        Long left = null;
        long[] oldest = samples.peekFirst();
        if (now - oldest[0] >= 1000) {
            rate = (done - oldest[1]) * 1000.0 / (now - oldest[0]);
            if (lag != null && rate > 0) {
                left = (long) Math.ceil(lag / rate);
            }
        }
        Long total = lag == null ? null : done + lag;
        progress = new RebuildProgress(state, startedAt, requestedBy, done, total, rate, left, null);
    }

    /** One line, by counts only. */
    private void report() {
        RebuildProgress now = progress;
        log.info("Rebuild of {}: {} {} / {} events, {} events/s, {} s left", model.name(), now.state(), now.done(),
                now.total() == null ? "?" : now.total(),
                now.eventsPerSecond() == null ? "?" : String.format(Locale.ROOT, "%.0f", now.eventsPerSecond()),
                now.secondsLeft() == null ? "?" : now.secondsLeft());
    }

    private void finished() {
        Instant at = clock.instant();
        RebuildProgress last = progress;
        double seconds = Math.max(1, at.toEpochMilli() - firstDoneAt) / 1000.0;
        double rate = (last.done() - Math.max(0, firstDone)) / seconds;
        RebuildProgress done = new RebuildProgress("DONE", startedAt, requestedBy, last.done(), last.done(), rate, 0L,
                at);
        progress = done;
        log.info("Rebuild of {} done: {} events, {} events/s since this instance took it up; queries read the new "
                + "copy since {}", model.name(), done.done(), String.format(Locale.ROOT, "%.0f", rate), at);
        onFinished.accept(done);
    }
}
