package org.caseledger.bench.slots;

import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Phase;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Http;

import java.util.List;
import java.util.Optional;

/**
 * A place in the run for what issue 13 measures as the capabilities land: bulk import (and with it, the ledger at
 * 100,000 and 1,000,000 events for the queries), rebuilds and exports (#11). Each looks for its endpoint the way a
 * client would, without changing anything, and says in the table what it found. When the endpoint is there, the
 * measurement is written here, in the phase of the same name.
 */
public final class PendingPhase implements Phase {

    private final String name;
    private final String figure;
    private final Probe probe;
    private final List<String> alsoWaiting;

    private PendingPhase(String name, String figure, Probe probe, List<String> alsoWaiting) {
        this.name = name;
        this.figure = figure;
        this.probe = probe;
        this.alsoWaiting = alsoWaiting;
    }

    interface Probe {
        /** What the endpoint answered, or empty when it is there. */
        Optional<String> missing(BenchRun run) throws Exception;
    }

    public static List<Phase> all() {
        return List.of(
                new PendingPhase("export", "export: GET :8084/api/exports/events.jsonl",
                        run -> absent(run.http(), run, "/api/exports/events.jsonl"), List.of()),
                new PendingPhase("import", "bulk import: POST :8081/api/imports",
                        PendingPhase::importMissing,
                        List.of("queries at 100,000 events", "queries at 1,000,000 events")),
                new PendingPhase("rebuild", "rebuild: POST …/admin/projections/{name}/rebuild",
                        run -> absent(run.http(), run, "/api/admin/projections"), List.of()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(BenchRun run) throws Exception {
        String section = "as capabilities land (#11)";
        Optional<String> missing = probe.missing(run);
        String note = missing.map(found -> "left out: " + found)
                .orElse("left out: the endpoint answers, and its measurement is still to be written here");
        run.report().add(Row.text(section, figure, note));
        for (String waiting : alsoWaiting) {
            run.report().add(Row.text(section, waiting, "left out until bulk import fills the ledger to that size"));
        }
    }

    private static Optional<String> absent(Http http, BenchRun run, String path) throws Exception {
        int status = http.status(run.stack().projections(path));
        return status == 404 ? Optional.of("GET :8084" + path + " answers 404") : Optional.empty();
    }

    /** Asked of case-service's OpenAPI description, so that nothing is posted to find out. */
    private static Optional<String> importMissing(BenchRun run) throws Exception {
        Http.Response description = run.http().get(run.stack().caseService("/v3/api-docs"));
        if (description.status() != 200) {
            return Optional.of("case-service's OpenAPI description answers " + description.status());
        }
        return description.body().contains("\"/api/imports\"") ? Optional.empty()
                : Optional.of("case-service's OpenAPI has no /api/imports");
    }
}
