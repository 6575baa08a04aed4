package org.caseledger.bench.stack;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessMeterTest {

    private final Stack nothingRunning = new Stack(URI.create("http://localhost:1"), URI.create("http://localhost:2"),
            "localhost:3", new DatabaseLogin("localhost", 4, "postgres", null), Stack.Databases.LOCAL, Path.of("."),
            Map.of(), Optional.empty());

    @Test
    void countsTheCpuTimeAProcessSpentBetweenTwoSamples() throws Exception {
        try (ProcessMeter meter = new ProcessMeter(nothingRunning)) {
            ProcessMeter.Sample before = meter.sample();
            burnCpu(300);
            Map<String, Double> seconds = ProcessMeter.cpuSeconds(before, meter.sample());

            assertThat(seconds.get(ProcessMeter.HARNESS)).isBetween(0.25, 5.0);
            // The kernel counts a process's time exactly and the machine's in whole ticks sampled per core, so the
            // machine's figure may trail the process's by a tick or two; any more means the two are read wrongly.
            double slack = 2.0 / ProcessMeter.TICKS_PER_SECOND;
            assertThat(seconds.get(ProcessMeter.MACHINE_BUSY)).isGreaterThanOrEqualTo(seconds.get(ProcessMeter.HARNESS) - slack);
        }
    }

    @Test
    void readsTheResidentMemoryOfAProcess() throws Exception {
        try (ProcessMeter meter = new ProcessMeter(nothingRunning)) {
            ProcessMeter.Memory memory = meter.memory().get(ProcessMeter.HARNESS);

            assertThat(memory.residentBytes()).isGreaterThan(10L * 1024 * 1024);
            assertThat(memory.peakResidentBytes()).isGreaterThanOrEqualTo(memory.residentBytes());
        }
    }

    private static void burnCpu(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        assertThat(spin).isNotNegative();
    }
}
