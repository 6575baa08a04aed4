package org.caseledger.bench.commands;

import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Durations;
import org.caseledger.bench.Phase;
import org.caseledger.bench.check.ConsumerPositions;
import org.caseledger.bench.limits.LimitsPhase;
import org.caseledger.bench.load.ClosedLoop;
import org.caseledger.bench.load.Latency;
import org.caseledger.bench.load.OpenLoop;
import org.caseledger.bench.load.Tally;
import org.caseledger.bench.report.CpuRows;
import org.caseledger.bench.report.Reference;
import org.caseledger.bench.report.Report;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Machine;
import org.caseledger.bench.stack.ProcessMeter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Commands as operators send them: each case opened ({@code POST /api/cases}) gets a follow-up fact (a release).
 * First a closed loop of N clients (the most the stack accepts), then open loops at fixed rates below it (what a
 * user waits at a given load). For each: throughput, latency, freshness (2xx → topic → projections) and the CPU
 * every process of the stack spent per command, counted until every consumer of the cases topic had caught up with
 * the phase's events (the case view first; the statistics, among others, follow it under load).
 */
public final class CommandsPhase implements Phase {

    /** Targets of issue 13 on the 2-core machine. */
    static final Reference COMMANDS_TARGET = new Reference("#13", 3_000, "commands/s");
    static final Reference LATENCY_TARGET = new Reference("#13", 25, "ms");
    static final Reference FRESHNESS_TARGET = new Reference("#13, at 1,000 commands/s", 250, "ms");

    private static final int OPEN_LOOP_WORKERS = 64;

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        Durations durations = run.config().durations();
        int clients = run.config().clients();
        CaseLoad cases = new CaseLoad(new CaseCommands(run.http(), run.stack()));

        Tally warmUp = ClosedLoop.run(clients, durations.warmUp(),
                i -> tally -> cases.openAndRelease(tally, null, null)).tally();
        if (warmUp.count() == 0) {
            throw new IllegalStateException("No command was accepted while warming up; the first failure: "
                    + warmUp.firstFailure());
        }

        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        try (Freshness freshness = Freshness.start(run.stack(), run.http())) {
            String closedName = "closed loop, " + clients + " clients";
            Measured closed = measure(run, freshness, closedName, () -> {
                ClosedLoop.Outcome outcome = ClosedLoop.run(clients, durations.closedLoop(),
                        i -> tally -> cases.openAndRelease(tally, freshness, closedName));
                return new Load(outcome.tally(), outcome.seconds(), null);
            });
            report(run, "commands: " + closedName + ", " + seconds(durations.closedLoop()), closed);
            cpu.put("closed loop", closed.cpuPerCommand());

            for (Rate rate : rates(run, closed.load().perSecond())) {
                String name = "open loop at " + rate.label();
                Measured open = measure(run, freshness, name, () -> {
                    OpenLoop.Outcome outcome = OpenLoop.run(rate.perSecond(), durations.openLoop(), OPEN_LOOP_WORKERS,
                            cases.openLoop(freshness, name));
                    return new Load(outcome.tally(), outcome.seconds(), outcome.rate());
                });
                report(run, "commands: " + name + ", " + seconds(durations.openLoop())
                        + ", latency from each request's due time", open);
                cpu.put("open " + Report.number(rate.perSecond()) + "/s", open.cpuPerCommand());
            }
        }
        run.opened(cases.opened());
        CpuRows.rows("CPU per command, by process, until every consumer of the topic had caught up (the closed loop; "
                + "the open loops in the note)", "command", cpu).forEach(run.report()::add);
        memory(run);
    }

    private record Rate(double perSecond, String label) {
    }

    private static List<Rate> rates(BenchRun run, double closedLoop) {
        List<Rate> rates = new ArrayList<>();
        if (!run.config().rates().isEmpty()) {
            run.config().rates().forEach(rate -> rates.add(new Rate(rate, Report.number(rate) + " commands/s")));
        } else {
            for (double fraction : run.config().rateFractions()) {
                double rate = Math.max(1, fraction * closedLoop);
                rates.add(new Rate(rate, Report.number(rate) + " commands/s (" + Math.round(fraction * 100)
                        + "% of the closed loop's)"));
            }
        }
        return rates;
    }

    private interface LoadRun {
        Load run() throws Exception;
    }

    /** @param dueRate the open loop's rate; null for a closed loop */
    private record Load(Tally tally, double seconds, Double dueRate) {

        double perSecond() {
            return tally.count() / seconds;
        }
    }

    private record Measured(String name, Load load, Freshness.Outcome freshness, ConsumerPositions.Waited drained,
                            Map<String, Double> cpuSeconds, double wallSeconds, double loadAverageBefore,
                            double loadAverageAfter) {

        Map<String, Double> cpuPerCommand() {
            return CpuRows.perOperation(cpuSeconds, Math.max(1, load.tally().count()));
        }
    }

    private static Measured measure(BenchRun run, Freshness freshness, String name, LoadRun load) throws Exception {
        double loadBefore = Machine.loadAverage();
        Instant from = Instant.now();
        ProcessMeter.Sample before = run.meter().sample();
        Load outcome = load.run();
        Freshness.Outcome fresh = freshness.awaitPhase(name, run.config().durations().drain());
        ConsumerPositions.Waited drained = freshness.awaitConsumers(run.config().durations().drain());
        ProcessMeter.Sample after = run.meter().sample();
        Measured measured = new Measured(name, outcome, fresh, drained, ProcessMeter.cpuSeconds(before, after),
                (after.nanoTime() - before.nanoTime()) / 1e9, loadBefore, Machine.loadAverage());
        Map<String, Object> detail = new LinkedHashMap<>();
        // wall-clock times, to find the phase in a flight recording of the services
        detail.put("from", from.toString());
        detail.put("until", Instant.now().toString());
        detail.put("commands", outcome.tally().count());
        detail.put("seconds", outcome.seconds());
        detail.put("commandsPerSecond", outcome.perSecond());
        detail.put("dueRate", outcome.dueRate());
        detail.put("latencyAllMs", outcome.tally().latency());
        detail.put("latencyOpenCaseMs", outcome.tally().latency(CaseCommands.OPEN));
        detail.put("latencyReleaseMs", outcome.tally().latency(CaseCommands.RELEASE));
        detail.put("failures", outcome.tally().failures());
        detail.put("firstFailure", outcome.tally().firstFailure());
        detail.put("freshness", fresh);
        detail.put("everyConsumerCaughtUpSecondsAfter", drained.seconds());
        detail.put("consumersStillBehind", drained.behind());
        detail.put("cpuSecondsFromStartUntilDrained", measured.cpuSeconds());
        detail.put("cpuMsPerCommand", measured.cpuPerCommand());
        detail.put("wallSecondsUntilDrained", measured.wallSeconds());
        detail.put("loadAverageBefore", loadBefore);
        detail.put("loadAverageAfter", measured.loadAverageAfter());
        run.report().detail("commands: " + name, detail);
        return measured;
    }

    private static void report(BenchRun run, String section, Measured measured) {
        Report report = run.report();
        Load load = measured.load();
        Tally tally = load.tally();
        Reference commits = run.limit(LimitsPhase.COMMITS_CLIENTS);
        Reference commitTime = run.limit(LimitsPhase.COMMIT_TIME);

        String accepted = String.format(Locale.ROOT, "%,d cases opened, %,d releases in %.1f s",
                tally.count(CaseCommands.OPEN), tally.count(CaseCommands.RELEASE), load.seconds())
                + (load.dueRate() == null ? "" : String.format(Locale.ROOT, "; due at %s/s",
                Report.number(load.dueRate())));
        report.add(Row.measured(section, "commands accepted", load.perSecond(), "commands/s", Row.Better.HIGHER)
                .against(commits).target(COMMANDS_TARGET).note(accepted));
        Latency all = tally.latency();
        Latency open = tally.latency(CaseCommands.OPEN);
        Latency release = tally.latency(CaseCommands.RELEASE);
        report.add(latencyRow(section, "latency p50", all.p50(), commitTime, null).note(String.format(Locale.ROOT,
                "open case %s, release %s", Report.number(open.p50()), Report.number(release.p50()))));
        report.add(latencyRow(section, "latency p99", all.p99(), commitTime, LATENCY_TARGET).note(String.format(
                Locale.ROOT, "open case %s, release %s", Report.number(open.p99()), Report.number(release.p99()))));
        report.add(latencyRow(section, "latency p99.9", all.p999(), commitTime, null).note(String.format(Locale.ROOT,
                "open case %s, release %s; max %s", Report.number(open.p999()), Report.number(release.p999()),
                Report.number(all.max()))));
        if (tally.failureCount() > 0) {
            report.add(Row.measured(section, "requests failed", tally.failureCount(), "requests", Row.Better.LOWER)
                    .note(tally.failures() + "; first: " + tally.firstFailure()));
        }

        Freshness.Outcome fresh = measured.freshness();
        String coverage = String.format(Locale.ROOT, "%,d of %,d commands reached it", fresh.toTopic().count(),
                fresh.accepted());
        report.add(latencyRow(section, "2xx → on the topic, p50", fresh.toTopic().p50(), null, null).note(coverage));
        report.add(latencyRow(section, "2xx → on the topic, p99", fresh.toTopic().p99(), null, null));
        String view = String.format(Locale.ROOT, "%,d of %,d visible; read from projections' stored positions every "
                        + "%d ms; %,d of %,d sampled confirmed by GET :8084/api/cases/{id}", fresh.toView().count(),
                fresh.accepted(), Freshness.POLL_MILLIS, fresh.confirmed(), fresh.confirmed() + fresh.refuted())
                + (fresh.refuted() > 0 ? "; first not confirmed: " + fresh.firstRefutation() : "")
                + (fresh.problem() != null ? "; " + fresh.problem() : "");
        report.add(latencyRow(section, "2xx → visible in projections, p50", fresh.toView().p50(), null, null)
                .note(view));
        report.add(latencyRow(section, "2xx → visible in projections, p99", fresh.toView().p99(), null,
                FRESHNESS_TARGET).note(String.format(Locale.ROOT, "all visible %.1f s after the last command",
                fresh.drainSeconds())));

        double wall = measured.wallSeconds();
        Map<String, Double> cpu = measured.cpuSeconds();
        report.add(Row.measured(section, "CPU of the stack, cores busy", CpuRows.stackSeconds(cpu) / wall, "cores",
                        Row.Better.NEITHER)
                .note(String.format(Locale.ROOT, "of %d; other programs kept %.2f busy; load average %.1f → %.1f",
                        Machine.cores(), CpuRows.cores(cpu, ProcessMeter.OTHERS, wall), measured.loadAverageBefore(),
                        measured.loadAverageAfter())));
        report.add(measured.drained().row(section, "the case view", "the CPU above"));
    }

    private static Row latencyRow(String section, String figure, double value, Reference limit, Reference target) {
        Row row = Double.isNaN(value) ? Row.text(section, figure, "nothing measured")
                : Row.measured(section, figure, value, "ms", Row.Better.LOWER).against(limit).target(target);
        return row;
    }

    private static void memory(BenchRun run) {
        String section = "memory after the load, by process";
        run.meter().memory().forEach((process, memory) -> {
            if (memory.residentBytes() == null) {
                return;
            }
            StringBuilder note = new StringBuilder();
            if (memory.peakResidentBytes() != null) {
                note.append("peak ").append(Report.number(mebibytes(memory.peakResidentBytes()))).append(" MiB");
            }
            if (memory.heap() != null) {
                note.append(note.isEmpty() ? "" : "; ").append("heap ")
                        .append(Report.number(mebibytes(memory.heap().usedBytes()))).append(" MiB used of ")
                        .append(Report.number(mebibytes(memory.heap().committedBytes()))).append(" committed");
            }
            if (process.startsWith("postgres (")) {
                note.append("proportional set size: shared memory split among the processes that share it");
            }
            run.report().add(Row.measured(section, process, mebibytes(memory.residentBytes()), "MiB",
                    Row.Better.NEITHER).note(note.isEmpty() ? null : note.toString()));
        });
    }

    private static double mebibytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String seconds(java.time.Duration duration) {
        return duration.toSeconds() + " s";
    }
}
