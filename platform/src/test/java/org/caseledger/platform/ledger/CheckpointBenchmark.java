package org.caseledger.platform.ledger;

import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test of the default build (run it by name, docs/ledger-proof.md#signed-checkpoints): what a checkpoint costs
 * in a store of many events, made by an instance that signed the one before (it reads the events stored since) and by
 * one that has just started (it reads every head, as every checkpoint did before instances kept the heads), in rounds
 * that take turns, each after the same number of new events as {@code caseledger.ledger.checkpoint.every-events}.
 * Both must sign the same root.
 */
class CheckpointBenchmark {

    @TempDir
    Path keyFiles;

    @Test
    void measure() throws Exception {
        int events = Integer.getInteger("caseledger.benchmark.events", 200_000);
        int rounds = Integer.getInteger("caseledger.benchmark.rounds", 10);
        int between = Integer.getInteger("caseledger.benchmark.between", 1_000);
        LedgerStore store = LedgerStore.fresh();
        LedgerKeys keys = LedgerStore.keyPair(keyFiles, "service");
        long filling = System.nanoTime();
        for (int stored = 0; stored < events; stored += 10_000) {
            store.appendNotes(Math.min(10_000, events - stored) / 4, 4);
        }
        System.out.printf(Locale.ROOT, "%,d events of %,d aggregates stored in %.1f s%n", events, events / 4,
                (System.nanoTime() - filling) / 1e9);
        try (Producer<String, byte[]> producer = LedgerStore.checkpointProducer()) {
            Checkpointer kept = store.checkpointer(keys, "benchmark", between, producer);
            long number = 1;
            kept.checkpoint(number++);
            List<Double> keeping = new ArrayList<>();
            List<Double> starting = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                store.appendNotes(between / 4, 4);
                Checkpointer started = store.checkpointer(keys, "benchmark", between, producer);
                Checkpoint fromKept = null;
                Checkpoint fromStarted = null;
                for (boolean keptFirst : round % 2 == 0 ? new boolean[]{true, false} : new boolean[]{false, true}) {
                    long begun = System.nanoTime();
                    if (keptFirst) {
                        fromKept = kept.checkpoint(number++);
                        keeping.add((System.nanoTime() - begun) / 1e6);
                    } else {
                        fromStarted = started.checkpoint(number++);
                        starting.add((System.nanoTime() - begun) / 1e6);
                    }
                }
                if (!fromKept.merkleRoot().equals(fromStarted.merkleRoot()) || fromKept.events() != fromStarted.events()
                        || fromKept.aggregates() != fromStarted.aggregates()) {
                    throw new AssertionError("The two instances signed different stores: " + fromKept + " and "
                            + fromStarted);
                }
            }
            double keptMedian = median(keeping);
            double startedMedian = median(starting);
            System.out.printf(Locale.ROOT, "%d rounds, a checkpoint after each %,d new events, up to %,d events:%n"
                            + "  instance that signed the one before: median %.1f ms a checkpoint%n"
                            + "  instance just started (reads every head): median %.1f ms a checkpoint%n"
                            + "  ratio (kept / started): %.3f%n", rounds, between, events + rounds * between,
                    keptMedian, startedMedian, keptMedian / startedMedian);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
