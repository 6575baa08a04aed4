package org.caseledger.platform.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command-line verifier of a ledger export: needs nothing but the export and the service's published public key
 * (deploy/local/verify-ledger, docs/ledger-proof.md). Exits 0 when the export verifies, 1 when it does not (and names
 * the first event, checkpoint or line that does not match), 2 when it cannot run (no such file, no key).
 */
public final class VerifyLedgerExport {

    static final int VERIFIED = 0;
    static final int NOT_VERIFIED = 1;
    static final int CANNOT_RUN = 2;

    private static final String USAGE = "usage: verify-ledger <export.jsonl> [--public-key <service.pub.pem>] [--json]";

    private VerifyLedgerExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path export = null;
        Path publicKey = null;
        boolean json = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (arg.equals("--public-key") && !rest.isEmpty()) {
                publicKey = Path.of(rest.remove(0));
            } else if (arg.equals("--json")) {
                json = true;
            } else if (!arg.startsWith("--") && export == null) {
                export = Path.of(arg);
            } else {
                err.println(USAGE);
                return CANNOT_RUN;
            }
        }
        if (export == null) {
            err.println(USAGE);
            return CANNOT_RUN;
        }
        LedgerExportCheck.Result result;
        try {
            Optional<LedgerKeys> keys = publicKey == null ? Optional.empty()
                    : Optional.of(LedgerKeys.read(publicKey, Optional.empty()));
            try (InputStream in = Files.newInputStream(export)) {
                result = LedgerExportCheck.verify(in, keys);
            }
        } catch (NoSuchFileException e) {
            err.println("No such file: " + e.getFile());
            return CANNOT_RUN;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return CANNOT_RUN;
        }
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            report(result, publicKey != null, out);
        }
        return result.verified() ? VERIFIED : NOT_VERIFIED;
    }

    private static void report(LedgerExportCheck.Result result, boolean keyGiven, PrintStream out) {
        LedgerVerification ledger = result.ledger();
        if (result.service() != null) {
            out.printf("%s, exported %s: %d events of %d aggregates, %d checkpoints%s%n", result.service(),
                    result.exportedAt(), ledger.eventsChecked(), ledger.aggregatesChecked(),
                    ledger.checkpointsChecked(),
                    ledger.latestCheckpoint() == null ? "" : " (the latest: " + ledger.latestCheckpoint() + ")");
        }
        if (result.verified()) {
            out.println("VERIFIED: every event's hash chain holds"
                    + (ledger.checkpointsChecked() == 0 ? " (no checkpoint to check)"
                    : " and every checkpoint is signed by the given key and borne out by the events"));
            return;
        }
        out.println("NOT VERIFIED");
        if (result.exportProblem() != null) {
            out.println("  the file: " + result.exportProblem());
        }
        ChainProblem event = ledger.firstProblem();
        if (event != null) {
            out.printf("  first event that does not match: aggregate %s, sequence %d, event %s: %s. %s%n",
                    event.aggregateId(), event.sequenceNumber(), event.eventId(), event.problem(), event.detail());
            out.printf("  aggregates with such an event: %d%n", ledger.brokenAggregates());
        }
        CheckpointProblem checkpoint = ledger.checkpointProblem();
        if (checkpoint != null) {
            out.printf("  first checkpoint not borne out: %d: %s. %s%n", checkpoint.number(), checkpoint.problem(),
                    checkpoint.problem() == CheckpointProblem.Kind.NO_PUBLIC_KEY && !keyGiven
                            ? "Give the service's public key with --public-key" : checkpoint.detail());
        }
    }
}
