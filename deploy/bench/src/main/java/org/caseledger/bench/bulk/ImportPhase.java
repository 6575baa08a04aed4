package org.caseledger.bench.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Phase;
import org.caseledger.bench.check.AtRest;
import org.caseledger.bench.check.ConsumerPositions;
import org.caseledger.bench.history.HistoryCsv;
import org.caseledger.bench.history.HistoryGenerator;
import org.caseledger.bench.history.PersonHistory;
import org.caseledger.bench.limits.LimitsPhase;
import org.caseledger.bench.report.CpuRows;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.Machine;
import org.caseledger.bench.stack.ProcessMeter;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bulk import ({@code POST :8081/api/imports}, docs/imports.md): a CSV file of generated people, one row each, uploaded
 * as the run's user (an operator may import), timed from the request to the summary. The events it stored are
 * counted in the event store, before and after. Each row is one transaction of its own, so its pace is held against
 * single-row commits from one client; its events, many to a row, against batched inserts, what PostgreSQL writes
 * when rows need not each wait for their own commit.
 *
 * <p>The CPU each process of the stack spent is counted until the answer and until every consumer of the cases topic
 * has applied what the import published: a row's whole cost through the stack, since the consumers apply its events on
 * the same cores while the rows are recorded, and after.
 *
 * <p>The file is generated anew for every run from a seed of its own: the service records a file's rows once, and the
 * same file uploaded again would only be answered from its idempotency keys.
 */
public final class ImportPhase implements Phase {

    static final String SECTION = "bulk import: POST :8081/api/imports";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Long> LEDGER_SIZES = List.of(100_000L, 1_000_000L);

    @Override
    public String name() {
        return "import";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        int people = run.config().importRows();
        long seed = System.currentTimeMillis();
        byte[] file = csv(people, seed);

        long eventsBefore = Ledger.events(run.stack());
        ProcessMeter.Sample uploading = run.meter().sample();
        long start = System.nanoTime();
        Http.Response answer = run.http().post(run.stack().caseService("/api/imports"), file, "text/csv");
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessMeter.Sample answered = run.meter().sample();
        long eventsAfter = Ledger.events(run.stack());
        if (answer.status() != 200) {
            throw new IllegalStateException("POST /api/imports answered " + answer.status() + ": " + answer.body());
        }
        ConsumerPositions.Waited caughtUp = AtRest.await(run.stack(), run.config().durations().drain()).waited();
        ProcessMeter.Sample drained = run.meter().sample();
        JsonNode summary = JSON.readTree(answer.body());
        long rows = summary.path("rows").asLong();
        long opened = summary.path("casesOpened").asLong();
        long facts = summary.path("factsRecorded").asLong();
        long before = summary.path("alreadyImported").asLong();
        JsonNode refused = summary.path("refused");
        long stored = eventsAfter - eventsBefore;

        String what = String.format(Locale.ROOT, "%,d generated people (seed %d), %,d bytes, one upload: %,d rows, "
                + "%,d cases opened, %,d facts, %,d on record before; %.1f s", people, seed, file.length, rows,
                opened, facts, before, seconds);
        run.report().add(Row.measured(SECTION, "rows recorded", rows / seconds, "rows/s", Row.Better.HIGHER)
                .against(run.limit(LimitsPhase.COMMITS_ONE_CLIENT))
                .note(what + "; rows one after another, many to a transaction, against single-row commits"));
        run.report().add(Row.measured(SECTION, "events stored", stored / seconds, "events/s", Row.Better.HIGHER)
                .against(run.limit(LimitsPhase.BATCHED_ROWS))
                .note(String.format(Locale.ROOT, "%,d events in the event store during the upload (%.2f a row, "
                        + "the derived statuses with them), against batched inserts", stored,
                        rows == 0 ? 0.0 : (double) stored / rows)));
        run.report().add(Row.measured(SECTION, "rows refused", refused.size(), "rows", Row.Better.LOWER)
                .note(refused.isEmpty() ? "none: the generator writes only rows the import takes"
                        : "should be 0; first: " + refused.get(0)));
        Map<String, Double> untilAnswered = ProcessMeter.cpuSeconds(uploading, answered);
        Map<String, Double> untilCaughtUp = ProcessMeter.cpuSeconds(uploading, drained);
        Map<String, Map<String, Double>> cpu = new LinkedHashMap<>();
        cpu.put("until every consumer caught up", CpuRows.perOperation(untilCaughtUp, Math.max(1, rows)));
        cpu.put("until the answer", CpuRows.perOperation(untilAnswered, Math.max(1, rows)));
        run.report().add(Row.measured(SECTION, "CPU of the stack, cores busy until the answer",
                CpuRows.stackSeconds(untilAnswered) / seconds, "cores", Row.Better.NEITHER)
                .note(String.format(Locale.ROOT, "of %d; the consumers apply the rows' events as they come, on the "
                        + "same cores", Machine.cores())));
        run.report().add(caughtUp.row(SECTION, "the answer", "the CPU a row below"));
        CpuRows.rows(SECTION + ": CPU per row, by process, until every consumer of the topic had caught up (until "
                + "the answer in the note)", "row", cpu).forEach(run.report()::add);
        ledgerSizes(run, eventsAfter, rows == 0 ? 0 : (double) stored / rows);

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("people", people);
        detail.put("seed", seed);
        detail.put("bytes", file.length);
        detail.put("seconds", seconds);
        detail.put("rows", rows);
        detail.put("casesOpened", opened);
        detail.put("factsRecorded", facts);
        detail.put("alreadyImported", before);
        detail.put("refused", refused.size());
        detail.put("eventsStored", stored);
        detail.put("eventsInTheLedger", eventsAfter);
        detail.put("everyConsumerCaughtUpSecondsAfter", caughtUp.seconds());
        detail.put("consumersStillBehind", caughtUp.behind());
        detail.put("cpuSecondsUntilAnswered", untilAnswered);
        detail.put("cpuMsPerRowUntilAnswered", cpu.get("until the answer"));
        detail.put("cpuSecondsUntilDrained", untilCaughtUp);
        detail.put("cpuMsPerRowUntilDrained", cpu.get("until every consumer caught up"));
        run.report().detail("import", detail);
    }

    /**
     * The queries at the ledger sizes issue 13 names are measured on a ledger filled to that size first: the run does
     * not fill it, for an import of a million events takes hours here, so these rows say how.
     */
    private static void ledgerSizes(BenchRun run, long events, double eventsPerRow) {
        for (long size : LEDGER_SIZES) {
            String figure = String.format(Locale.ROOT, "queries at %,d events", size);
            if (events >= size) {
                run.report().add(Row.text(SECTION, figure, String.format(Locale.ROOT, "the ledger holds %,d events: "
                        + "the queries phase measures it at that size", events)));
                continue;
            }
            long rows = eventsPerRow == 0 ? 0 : (long) Math.ceil((size - events) / eventsPerRow);
            run.report().add(Row.text(SECTION, figure, String.format(Locale.ROOT, "left out: the ledger holds %,d; "
                    + "fill it first with some %,d more rows (deploy/local/history-csv <rows> <seed> > people.csv; "
                    + "deploy/local/import people.csv, in files of up to 50,000 rows, under the 16 MiB an upload "
                    + "takes), then deploy/local/bench --phases queries", events, rows)));
        }
    }

    static byte[] csv(int people, long seed) throws IOException {
        HistoryGenerator generator = new HistoryGenerator(seed);
        List<PersonHistory> histories = new ArrayList<>(people);
        for (int n = 1; n <= people; n++) {
            histories.add(generator.person(n));
        }
        StringWriter out = new StringWriter();
        HistoryCsv.write(histories, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
