package org.caseledger.bench.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Phase;
import org.caseledger.bench.check.ConsistencyCheck;
import org.caseledger.bench.limits.LimitsPhase;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.RoleTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A rebuild of one read model ({@code POST :8084/api/admin/projections/{name}/rebuild}, docs/read-models.md), asked
 * as an admin, followed in {@code GET /api/admin/projections} until it has switched and is done. Its pace is the one
 * the service gives for the whole rebuild ({@code lastRebuild.eventsPerSecond}, which counts the topics' offsets),
 * scaled to their records, and held against one Kafka consumer reading the whole topic in the same run, as the
 * service's own rebuild benchmark holds it; the time is the harness's, from the request to the first answer that shows
 * the switch made.
 *
 * <p>The rebuild leaves the stack as it found it: queries read the live model throughout and the switch is one
 * transaction, and the phase ends only when the rebuild is done and the live consumer runs again, which the count
 * check after it then holds to the topic's end like any other. It gives up when the rebuild has not moved for the
 * run's drain time; a rebuild stuck so is the stack's fault, and the phase fails.
 */
public final class RebuildPhase implements Phase {

    static final String SECTION = "rebuild: POST :8084/api/admin/projections/{name}/rebuild";
    private static final String STANDINGS = "/api/admin/projections";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    @Override
    public String name() {
        return "rebuild";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        String name = run.config().rebuildModel();
        Http admin = run.http(RoleTokens.ADMIN);
        JsonNode model = model(admin, run, name);
        if (!model.path("rebuildable").asBoolean()) {
            throw new IllegalStateException(name + " cannot be rebuilt beside the live one (docs/read-models.md); "
                    + "name another with --rebuild-model");
        }
        if (!model.path("rebuild").isNull() && !model.path("rebuild").isMissingNode()) {
            throw new IllegalStateException(name + " is being rebuilt already: " + model.path("rebuild"));
        }

        long start = System.nanoTime();
        Http.Response accepted = admin.post(run.stack().projections(STANDINGS + "/" + name + "/rebuild"), "");
        if (accepted.status() != 202) {
            throw new IllegalStateException("POST " + STANDINGS + "/" + name + "/rebuild answered "
                    + accepted.status() + ": " + accepted.body());
        }
        Instant startedAt = Instant.parse(JSON.readTree(accepted.body()).path("progress").path("startedAt").asText());

        Duration stall = run.config().durations().drain();
        long lastDone = -1;
        long movedAt = System.nanoTime();
        JsonNode last;
        while (true) {
            model = model(admin, run, name);
            JsonNode rebuild = model.path("rebuild");
            last = model.path("lastRebuild");
            boolean ours = !last.isNull() && !last.isMissingNode()
                    && !Instant.parse(last.path("startedAt").asText()).isBefore(startedAt);
            if ((rebuild.isNull() || rebuild.isMissingNode()) && ours && "DONE".equals(last.path("state").asText())) {
                break;
            }
            long done = rebuild.path("done").asLong(lastDone);
            if (done != lastDone) {
                lastDone = done;
                movedAt = System.nanoTime();
            } else if (System.nanoTime() - movedAt > stall.toNanos()) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the rebuild of %s has not moved for %d s: "
                        + "%s", name, stall.toSeconds(), rebuild));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL.toMillis()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long offsets = last.path("done").asLong();
        double offsetsPerSecond = last.path("eventsPerSecond").asDouble();
        Instant finishedAt = Instant.parse(last.path("finishedAt").asText());
        boolean running = model.path("running").asBoolean();
        // The service counts offsets, the publisher's transaction markers among them; the bare consumer it is held
        // against counts records. Its pace is scaled by the topics' records to their offsets, read now.
        long records = 0;
        long ends = 0;
        for (JsonNode topic : model.path("topics")) {
            Map<Integer, Long> end = new HashMap<>();
            records += ConsistencyCheck.committedRecords(run.stack().kafkaBootstrap(), topic.asText(), end);
            ends += end.values().stream().mapToLong(Long::longValue).sum();
        }
        double perSecond = ends == 0 ? offsetsPerSecond : offsetsPerSecond * records / ends;

        run.report().add(Row.measured(SECTION, "events applied", perSecond, "events/s", Row.Better.HIGHER)
                .against(run.limit(LimitsPhase.CONSUMED))
                .note(String.format(Locale.ROOT, "%s, %,d offsets rebuilt, the service's pace over the whole "
                        + "rebuild (lastRebuild, %,.0f offsets/s) times the topics' %,d records to their %,d "
                        + "offsets (the rest are the publisher's transaction markers); against one bare consumer "
                        + "of the topic", name, offsets, offsetsPerSecond, records, ends)));
        run.report().add(Row.measured(SECTION, "request → switched and done", seconds, "s", Row.Better.LOWER)
                .note(String.format(Locale.ROOT, "polled every %d ms; the service's own startedAt → finishedAt "
                        + "%.1f s", POLL.toMillis(), Duration.between(startedAt, finishedAt).toMillis() / 1e3)));
        if (!running) {
            throw new IllegalStateException("after the rebuild, the live consumer of " + name + " does not run: "
                    + model);
        }
        run.report().add(Row.text(SECTION, "state after", "DONE: switched, the live consumer runs again "
                + "(lag " + model.path("lag").asText() + " when it was read)"));

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("readModel", name);
        detail.put("offsets", offsets);
        detail.put("offsetsPerSecond", offsetsPerSecond);
        detail.put("topicRecords", records);
        detail.put("topicOffsets", ends);
        detail.put("eventsPerSecond", perSecond);
        detail.put("secondsToDone", seconds);
        detail.put("startedAt", startedAt.toString());
        detail.put("finishedAt", finishedAt.toString());
        run.report().detail("rebuild", detail);
    }

    private static JsonNode model(Http admin, BenchRun run, String name) throws Exception {
        Http.Response standings = admin.get(run.stack().projections(STANDINGS));
        if (standings.status() != 200) {
            throw new IllegalStateException("GET " + STANDINGS + " answered " + standings.status() + ": "
                    + standings.body());
        }
        for (JsonNode model : JSON.readTree(standings.body()).path("consumers")) {
            if (name.equals(model.path("name").asText())) {
                return model;
            }
        }
        throw new IllegalStateException("GET " + STANDINGS + " lists no read model named " + name);
    }
}
