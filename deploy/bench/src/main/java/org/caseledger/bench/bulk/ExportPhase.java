package org.caseledger.bench.bulk;

import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Phase;
import org.caseledger.bench.check.ConsistencyCheck;
import org.caseledger.bench.limits.LimitsPhase;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.RoleTokens;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The events export ({@code GET :8084/api/exports/events.jsonl}, docs/exports.md) of the whole ledger, as an analyst,
 * the role it is for: its lines and bytes counted as they arrive and dropped. It starts once the read models have
 * caught up with what the phases before wrote, so that it streams the whole ledger and does not share the cores with
 * their consumers.
 *
 * <p>Its pace is held against one Kafka consumer reading the whole topic: the limit closest in shape, one reader of
 * every event in order. The export reads projections' case history in PostgreSQL rather than the topic, and writes
 * each event as JSON redacted for the role, so the ratio says what those cost next to a bare read of the same
 * events; no JDBC limit of the run reads a table in order.
 */
public final class ExportPhase implements Phase {

    static final String SECTION = "export: GET :8084/api/exports/events.jsonl";

    @Override
    public String name() {
        return "export";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        ConsistencyCheck.await(run.stack(), run.config().durations().drain());
        long stored = Ledger.events(run.stack());
        Http.Download download = run.http(RoleTokens.ANALYST)
                .download(run.stack().projections("/api/exports/events.jsonl"));
        if (download.status() != 200) {
            throw new IllegalStateException("GET /api/exports/events.jsonl answered " + download.status() + ": "
                    + download.error());
        }
        double seconds = download.nanos() / 1e9;
        double megabytes = download.bytes() / 1e6;
        String size = String.format(Locale.ROOT, "%,d lines, %,.1f MB in %.2f s (%,d case events in the event store; "
                + "the export adds the appeals'), as an analyst", download.lines(), megabytes, seconds, stored);
        run.report().add(Row.measured(SECTION, "events streamed", download.lines() / seconds, "events/s",
                Row.Better.HIGHER).against(run.limit(LimitsPhase.CONSUMED))
                .note(size + "; against one consumer reading the topic, the closest limit in shape "
                        + "(one reader of every event in order; the export reads PostgreSQL and writes JSON)"));
        run.report().add(Row.measured(SECTION, "bytes streamed", megabytes / seconds, "MB/s", Row.Better.HIGHER)
                .note(String.format(Locale.ROOT, "%,.0f bytes a line", download.lines() == 0 ? 0.0
                        : (double) download.bytes() / download.lines())));
        run.report().add(Row.measured(SECTION, "first byte", download.firstByteNanos() / 1e6, "ms",
                Row.Better.LOWER).note("from the request; the cases shown are logged before the first line"));

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("lines", download.lines());
        detail.put("bytes", download.bytes());
        detail.put("seconds", seconds);
        detail.put("firstByteMs", download.firstByteNanos() / 1e6);
        detail.put("caseEventsInTheStore", stored);
        run.report().detail("export", detail);
    }
}
