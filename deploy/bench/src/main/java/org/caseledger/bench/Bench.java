package org.caseledger.bench;

import org.caseledger.bench.check.AtRest;
import org.caseledger.bench.check.ConsistencyCheck;
import org.caseledger.bench.commands.CommandsPhase;
import org.caseledger.bench.limits.LimitsPhase;
import org.caseledger.bench.queries.QueriesPhase;
import org.caseledger.bench.report.Report;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.bulk.ExportPhase;
import org.caseledger.bench.bulk.ImportPhase;
import org.caseledger.bench.bulk.RebuildPhase;
import org.caseledger.bench.stack.DatabaseLogin;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.Machine;
import org.caseledger.bench.stack.ProcessMeter;
import org.caseledger.bench.stack.RoleTokens;
import org.caseledger.bench.stack.Stack;
import org.caseledger.bench.stack.TokenSource;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code deploy/local/bench}: in one run on one machine, what PostgreSQL and Kafka allow there, what the running
 * stack does (commands, freshness, queries, CPU and memory per process), one table with each figure's ratio to its
 * limit, the same as JSON, and a check that the event store, the topic and the read models agree.
 */
public final class Bench {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Bench() {
    }

    /** What a run ends with. */
    public record Outcome(Report report, Path json, boolean agree, List<String> failedPhases) {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchConfig.USAGE);
            return;
        }
        BenchConfig config;
        try {
            config = BenchConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, String> environment = System.getenv();
        int port = Integer.parseInt(environment.getOrDefault("CASELEDGER_PG_PORT", "15432"));
        DatabaseLogin login = DatabaseLogin.of(environment, port, config.dbUser(), config.dbPasswordFile());
        Stack stack = Stack.local(environment, login);
        try {
            TokenSource standard = TokenSource.of(environment, config.token(), config.tokenCommand());
            Outcome outcome = run(config, stack, RoleTokens.of(environment, standard), System.out);
            System.exit(outcome.agree() && outcome.failedPhases().isEmpty() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("bench failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * In this order: the imports after the queries, so that the queries see the cases the commands opened; the export
     * after the import, of the whole ledger; the rebuild last, of everything before it.
     */
    public static List<Phase> phases() {
        return List.of(new LimitsPhase(), new CommandsPhase(), new QueriesPhase(), new ImportPhase(),
                new ExportPhase(), new RebuildPhase());
    }

    public static Outcome run(BenchConfig config, Stack stack, TokenSource tokens, PrintStream out) throws Exception {
        return run(config, stack, RoleTokens.only(tokens), out);
    }

    public static Outcome run(BenchConfig config, Stack stack, RoleTokens tokens, PrintStream out) throws Exception {
        Instant started = Instant.now();
        Http http = new Http(tokens.standard());
        requireRunning(http, stack);
        Report report = new Report();
        double loadAtStart = Machine.loadAverage();
        report.heading(String.format(Locale.ROOT, "caseledger bench, %s, %s", started.truncatedTo(ChronoUnit.SECONDS),
                config.durations().equals(Durations.DEFAULT) ? "full run"
                        : config.durations().equals(Durations.QUICK) ? "quick run"
                        : "smoke run (every timed part " + config.durations().closedLoop().toSeconds() + " s)"));
        report.heading(String.format(Locale.ROOT, "machine: %d cores, load average %.1f at the start; it is shared, "
                + "so compare figures within one run (the ratios), not across runs", Machine.cores(), loadAtStart));
        report.heading("stack: case-service " + stack.caseService() + ", projections " + stack.projections()
                + ", Kafka " + stack.kafkaBootstrap() + ", PostgreSQL " + stack.databases());
        report.heading("processes measured: " + stack.processes().entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "))
                + stack.postmaster().map(pid -> ", postgres postmaster " + pid + " and its backends").orElse(""));
        report.heading("requests carry " + tokens.describe());
        progress("waiting for the stack's consumers to reach the end of " + Stack.CASES_TOPIC);
        AtRest atRest = AtRest.await(stack, config.durations().drain());
        report.heading(atRest.describe());

        List<String> failed = new ArrayList<>();
        boolean agree;
        try (ProcessMeter meter = new ProcessMeter(stack)) {
            BenchRun run = new BenchRun(config, stack, http, tokens, meter, report);
            for (Phase phase : phases()) {
                if (!config.runs(phase.name())) {
                    continue;
                }
                progress("phase " + phase.name());
                try {
                    phase.run(run);
                } catch (Exception e) {
                    failed.add(phase.name());
                    report.add(Row.text("phase " + phase.name(), "FAILED", e.toString()));
                    e.printStackTrace();
                }
            }
            progress("checking counts");
            agree = ConsistencyCheck.report(run, config.durations().drain().multipliedBy(2));
        }
        double loadAtEnd = Machine.loadAverage();
        Instant finished = Instant.now();
        report.heading(String.format(Locale.ROOT, "load average %.1f at the end; %d s in all", loadAtEnd,
                Duration.between(started, finished).toSeconds()));

        Path json = config.json() != null ? config.json()
                : stack.dataRoot().resolve("bench").resolve(FILE_TIME.format(started) + ".json");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("startedAt", started.toString());
        document.put("finishedAt", finished.toString());
        document.put("quick", config.quick());
        document.put("durations", config.durations());
        document.put("clients", config.clients());
        document.put("cores", Machine.cores());
        document.put("loadAverageAtStart", loadAtStart);
        document.put("loadAverageAtEnd", loadAtEnd);
        document.put("atRestAtStart", atRest.asMap());
        document.put("processes", stack.processes());
        document.put("agree", agree);
        document.put("failedPhases", failed);
        out.print(report.table());
        out.println();
        report.writeJson(json, document);
        out.println("JSON: " + json);
        return new Outcome(report, json, agree, failed);
    }

    private static void requireRunning(Http http, Stack stack) throws IOException, InterruptedException {
        for (var service : List.of(stack.caseService(), stack.projections())) {
            try {
                // Health answers on the management port; the API port answering at all (a 404 or 401 for its root
                // included) says the service runs where the environment says.
                int status = http.status(service.resolve("/"));
                if (status < 500) {
                    continue;
                }
                throw new IllegalStateException(service + " answers " + status);
            } catch (IOException e) {
                throw new IllegalStateException("Nothing answers at " + service + "; start the stack first "
                        + "(deploy/local/up), with the same ports in the environment", e);
            }
        }
    }

    private static void progress(String what) {
        System.err.printf("%s bench: %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), what);
    }
}
