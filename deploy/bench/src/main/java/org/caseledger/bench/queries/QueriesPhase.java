package org.caseledger.bench.queries;

import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Phase;
import org.caseledger.bench.history.HistoryGenerator;
import org.caseledger.bench.limits.LimitsPhase;
import org.caseledger.bench.load.ClosedLoop;
import org.caseledger.bench.load.Latency;
import org.caseledger.bench.load.OpenLoop;
import org.caseledger.bench.load.Tally;
import org.caseledger.bench.report.CpuRows;
import org.caseledger.bench.report.Reference;
import org.caseledger.bench.report.Report;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.ProcessMeter;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read side under load: each query from N concurrent clients for a fixed time (a closed loop: the most the stack
 * answers), then at half that rate in an open loop, whose requests fall due on a schedule and whose latency counts
 * from the due time (what a reader waits at a load the stack carries), after the commands, at the size the ledger has
 * then (the table says how many events). A query whose endpoint does not answer yet is left out with a note.
 */
public final class QueriesPhase implements Phase {

    static final Reference VIEW_TARGET = new Reference("#13, at 1,000,000 events", 20, "ms");
    static final Reference STATISTICS_TARGET = new Reference("#13, at 1,000,000 events", 100, "ms");

    /**
     * The open loop after each closed one asks at this share of the closed loop's rate: what a reader waits at a load
     * the stack carries, where the closed loop's latencies are those of a stack its clients keep saturated.
     */
    static final double OPEN_LOOP_SHARE = 0.5;
    private static final int OPEN_LOOP_WORKERS = 64;

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"totalItems\"\\s*:\\s*(\\d+)");

    @Override
    public String name() {
        return "queries";
    }

    static List<Query> queries() {
        return List.of(
                new Query("case view: GET :8084/api/cases/{caseId}", VIEW_TARGET, LimitsPhase.SELECTS_BY_KEY,
                        (run, cases) -> cases.isEmpty() ? Optional.of("no case in the ledger to view")
                                : answers(run.http(), run.stack().projections("/api/cases/" + cases.get(0))),
                        (run, cases, random) -> run.stack().projections("/api/cases/" + cases.get(random.nextInt(cases.size())))),
                new Query("search: GET :8084/api/cases?q={name}", VIEW_TARGET, LimitsPhase.SELECTS_BY_KEY,
                        QueriesPhase::searchAvailable,
                        (run, cases, random) -> run.stack().projections("/api/cases?size=20&q="
                                + URLEncoder.encode(HistoryGenerator.name(1 + random.nextInt(Math.max(1, cases.size())))
                                .cyrillic(), StandardCharsets.UTF_8))),
                new Query("statistics: GET :8084/api/statistics", STATISTICS_TARGET, null,
                        (run, cases) -> answers(run.http(), run.stack().projections("/api/statistics")),
                        (run, cases, random) -> run.stack().projections("/api/statistics")));
    }

    @Override
    public void run(BenchRun run) throws Exception {
        List<String> cases = cases(run);
        long events = events(run);
        for (Query query : queries()) {
            String section = "queries: " + query.figure();
            Optional<String> whyNot = query.availability().whyNot(run, cases);
            if (whyNot.isPresent()) {
                run.report().add(Row.text(section, "left out", whyNot.get()));
                continue;
            }
            measure(run, section, query, cases, events);
        }
    }

    private static void measure(BenchRun run, String section, Query query, List<String> cases, long events)
            throws Exception {
        int clients = run.config().clients();
        Duration length = run.config().durations().queries();
        ProcessMeter.Sample before = run.meter().sample();
        ClosedLoop.Outcome closed = ClosedLoop.run(clients, length, i -> {
            SplittableRandom random = new SplittableRandom(i);
            return tally -> ask(run, query, query.requests().next(run, cases, random), System.nanoTime(), tally);
        });
        ProcessMeter.Sample after = run.meter().sample();
        String size = String.format(Locale.ROOT, "%d clients, %d s, %,d events in the ledger (at 100,000 and "
                + "1,000,000: see import), %,d cases asked for (those this run opened, else the list's first page)",
                clients, length.toSeconds(), events, cases.size());
        Map<String, Object> detail = report(run, section, query, new Load(closed.tally(), closed.seconds(), null),
                ProcessMeter.cpuSeconds(before, after), size);
        detail.put("events", events);
        detail.put("cases", cases.size());

        Double fixed = run.config().queryRate();
        double rate = fixed != null ? fixed : Math.max(1, OPEN_LOOP_SHARE * closed.perSecond());
        ProcessMeter.Sample openBefore = run.meter().sample();
        OpenLoop.Outcome open = OpenLoop.run(rate, length, OPEN_LOOP_WORKERS, (index, due, tally) ->
                ask(run, query, query.requests().next(run, cases, new SplittableRandom(index)), due, tally));
        ProcessMeter.Sample openAfter = run.meter().sample();
        String openSection = section + ", open loop at " + Report.number(rate) + "/s ("
                + (fixed != null ? "--query-rate" : Math.round(OPEN_LOOP_SHARE * 100) + "% of the closed loop's")
                + "), latency from each request's due time";
        Map<String, Object> openDetail = report(run, openSection, query,
                new Load(open.tally(), open.seconds(), rate), ProcessMeter.cpuSeconds(openBefore, openAfter),
                String.format(Locale.ROOT, "%,d of %,d due answered in %.1f s", open.tally().count(), open.due(),
                        open.seconds()));
        openDetail.put("due", open.due());
        detail.put("openLoop", openDetail);
        run.report().detail("queries: " + query.figure(), detail);
    }

    /** @param dueRate the open loop's rate; null for the closed loop */
    private record Load(Tally tally, double seconds, Double dueRate) {

        double perSecond() {
            return tally.count() / seconds;
        }
    }

    private static void ask(BenchRun run, Query query, URI uri, long dueNanos, Tally tally) throws Exception {
        Http.Response response = run.http().get(uri);
        if (response.status() == 200) {
            tally.record(query.figure(), System.nanoTime() - dueNanos);
        } else {
            tally.fail("GET " + response.status(), response.body());
        }
    }

    /** The rows of one loop, and its details for the JSON. */
    private static Map<String, Object> report(BenchRun run, String section, Query query, Load load,
                                              Map<String, Double> cpuSeconds, String note) {
        Tally tally = load.tally();
        Latency latency = tally.latency();
        Reference limit = query.limitKey() == null ? null : run.limit(query.limitKey());
        run.report().add(Row.measured(section, "queries answered", load.perSecond(), "queries/s", Row.Better.HIGHER)
                .against(limit).note(note));
        run.report().add(Row.measured(section, "latency p50", latency.p50(), "ms", Row.Better.LOWER));
        run.report().add(Row.measured(section, "latency p99", latency.p99(), "ms", Row.Better.LOWER)
                .target(query.target()));
        run.report().add(Row.measured(section, "latency p99.9", latency.p999(), "ms", Row.Better.LOWER)
                .note("max " + Report.number(latency.max()) + " ms"));
        if (tally.failureCount() > 0) {
            run.report().add(Row.measured(section, "requests failed", tally.failureCount(), "requests",
                    Row.Better.LOWER).note(tally.failures() + "; first: " + tally.firstFailure()));
        }
        Map<String, Double> perQuery = CpuRows.perOperation(cpuSeconds, Math.max(1, tally.count()));
        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        cpu.put(query.figure(), perQuery);
        CpuRows.rows(section + ": CPU per query, by process", "query", cpu).forEach(run.report()::add);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("queries", tally.count());
        detail.put("seconds", load.seconds());
        detail.put("queriesPerSecond", load.perSecond());
        detail.put("dueRate", load.dueRate());
        detail.put("latencyMs", latency);
        detail.put("failures", tally.failures());
        detail.put("cpuMsPerQuery", perQuery);
        return detail;
    }

    private static Optional<String> answers(Http http, URI uri) throws Exception {
        int status = http.status(uri);
        return status == 200 ? Optional.empty()
                : Optional.of(uri.getPath() + " answers " + status + (status == 404 ? " (not there yet)" : ""));
    }

    /** Search is there when {@code q} is honoured: a name nobody has finds nothing. */
    private static Optional<String> searchAvailable(BenchRun run, List<String> cases) throws Exception {
        Http.Response response = run.http().get(run.stack().projections("/api/cases?size=1&q=" + UUID.randomUUID()));
        if (response.status() != 200) {
            return Optional.of("GET /api/cases?q= answers " + response.status());
        }
        Matcher total = TOTAL.matcher(response.body());
        if (total.find() && Long.parseLong(total.group(1)) > 0) {
            return Optional.of("GET /api/cases ignores q (a name nobody has finds " + total.group(1)
                    + " cases): search is still to come (#11)");
        }
        return cases.isEmpty() ? Optional.of("no case in the ledger to search for") : Optional.empty();
    }

    /** The cases this run opened, or when it opened none, the first page of the ledger's. */
    private static List<String> cases(BenchRun run) throws Exception {
        List<String> opened = run.openedCases();
        if (!opened.isEmpty()) {
            return opened;
        }
        Http.Response page = run.http().get(run.stack().projections("/api/cases?size=500"));
        List<String> cases = new ArrayList<>();
        Matcher caseId = CASE_ID.matcher(page.body());
        while (caseId.find()) {
            cases.add(caseId.group(1));
        }
        return cases;
    }

    private static long events(BenchRun run) throws Exception {
        try (Connection connection = run.stack().databases().connect(run.stack().databaseNames().cases());
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM domainevententry")) {
            count.next();
            return count.getLong(1);
        }
    }
}
