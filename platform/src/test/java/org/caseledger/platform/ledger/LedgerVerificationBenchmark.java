package org.caseledger.platform.ledger;

import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Not a test of the default build (run it by name, docs/ledger-proof.md#signed-checkpoints): what verifying a store
 * costs, its every chain and signed checkpoint, with many checkpoints. The store is filled in rounds, each of new
 * aggregates of three events and one more event for each aggregate of the round's last events, and signed after each
 * round; then verified three times. Prints the median time and the heap's highest use during a verification. With
 * {@code -Dcaseledger.benchmark.export=<file>} it also writes the store's export there, and the public key beside it
 * ({@code <file>.pub.pem}), for deploy/local/verify-ledger.
 */
class LedgerVerificationBenchmark {

    @TempDir
    Path keyFiles;

    @Test
    void measure() throws Exception {
        int events = Integer.getInteger("caseledger.benchmark.events", 200_000);
        int checkpoints = Integer.getInteger("caseledger.benchmark.checkpoints", 100);
        int runs = Integer.getInteger("caseledger.benchmark.runs", 3);
        LedgerStore store = LedgerStore.fresh();
        LedgerKeys keys = LedgerStore.keyPair(keyFiles, "service");
        long filling = System.nanoTime();
        try (Producer<String, byte[]> producer = LedgerStore.checkpointProducer()) {
            Checkpointer checkpointer = store.checkpointer(keys, "benchmark", 1, producer);
            int round = events / checkpoints;
            for (int number = 1; number <= checkpoints; number++) {
                store.appendNotes(round * 3 / 4 / 3, 3);
                store.appendFollowUps(round / 4);
                checkpointer.checkpoint(number);
            }
        }
        System.out.printf(Locale.ROOT, "stored and signed in %,d rounds in %.1f s%n", checkpoints,
                (System.nanoTime() - filling) / 1e9);
        LedgerVerifier verifier = new LedgerVerifier(store.database.runtimeDataSource(), Optional.of(keys));
        List<Long> durations = new ArrayList<>();
        long highest = 0;
        LedgerVerification verification = null;
        for (int run = 0; run < runs; run++) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long begun = System.nanoTime();
            verification = verifier.verify();
            durations.add((System.nanoTime() - begun) / 1_000_000);
            highest = Math.max(highest, heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum());
        }
        if (!verification.verified() || verification.checkpointsChecked() != checkpoints) {
            throw new AssertionError("The store did not verify: " + verification);
        }
        String exportTo = System.getProperty("caseledger.benchmark.export");
        if (exportTo != null) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(exportTo)))) {
                LedgerExport.write(store.database.runtimeDataSource(), "benchmark", Instant.now(), out);
            }
            Files.writeString(Path.of(exportTo + ".pub.pem"), Files.readString(keyFiles.resolve("service.pub.pem")));
            System.out.printf(Locale.ROOT, "export written to %s, the public key beside it%n", exportTo);
        }
        System.out.printf(Locale.ROOT, "%,d events of %,d aggregates, %,d checkpoints, verified:%n"
                        + "  median %,d ms a verification (%s)%n"
                        + "  heap at its highest: %,d MB (the pools' highest, summed)%n",
                verification.eventsChecked(), verification.aggregatesChecked(), checkpoints,
                durations.stream().sorted().toList().get(runs / 2), durations, highest >> 20);
    }
}
