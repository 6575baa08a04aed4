package org.caseledger.bench.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** CPU accounting from samples of /proc, as the kernel writes them: no process of this machine is read. */
class ProcessMeterCpuTest {

    private static final long TICKS = ProcessMeter.TICKS_PER_SECOND;

    private static final long CASE_SERVICE = 100;
    private static final long POSTMASTER = 200;
    private static final long CASES_BACKEND = 201;
    private static final long SECOND_CASES_BACKEND = 202;
    private static final long ENDED_BACKEND = 203;
    private static final long NEW_BACKEND = 204;

    @Test
    void readsUserSystemAndReapedChildrenTimeFromAStatLine() {
        String stat = "4242 (postgres: cases (idle)) S 200 4242 4242 0 -1 4194560 500 0 0 0 120 30 5 2 20 0 1 0 98765 "
                + "229732352 2911 18446744073709551615 1 1 0 0 0 0 4194304 16781312 19464 0 0 0 17 1 0 0 0 0 0\n";

        ProcessMeter.ProcessTicks ticks = ProcessMeter.ticks(stat, "postgres: cases", true);

        assertThat(ticks.ticks()).isEqualTo(120 + 30 + 5 + 2);
        assertThat(ticks.startTime()).isEqualTo(98765);
        assertThat(ticks.label()).isEqualTo("postgres: cases");
    }

    @Test
    void countsTheMachinesWorkButNotItsIdleOrWaitingTime() {
        assertThat(ProcessMeter.busyTicks("cpu  1000 20 300 99999 888 4 5 6 0 0")).isEqualTo(1000 + 20 + 300 + 4 + 5 + 6);
    }

    @Test
    void countsWhatEachProcessSpentBetweenTheSamplesAndAddsUpBackendsOfOneDatabase() {
        ProcessMeter.Sample before = sample(10 * TICKS, Map.of(
                CASE_SERVICE, process("case-service", 5 * TICKS),
                CASES_BACKEND, backend("postgres: cases", TICKS),
                SECOND_CASES_BACKEND, backend("postgres: cases", TICKS)));
        ProcessMeter.Sample after = sample(20 * TICKS, Map.of(
                CASE_SERVICE, process("case-service", 8 * TICKS),
                CASES_BACKEND, backend("postgres: cases", 2 * TICKS),
                SECOND_CASES_BACKEND, backend("postgres: cases", 3 * TICKS)));

        Map<String, Double> seconds = ProcessMeter.cpuSeconds(before, after);

        assertThat(seconds.get("case-service")).isCloseTo(3.0, within(1e-9));
        assertThat(seconds.get("postgres: cases")).isCloseTo(3.0, within(1e-9));
        assertThat(seconds.get(ProcessMeter.MACHINE_BUSY)).isCloseTo(10.0, within(1e-9));
        assertThat(seconds.get(ProcessMeter.OTHERS)).isCloseTo(4.0, within(1e-9));
    }

    /** A backend opened during the phase spent all its time in it. */
    @Test
    void countsANewProcessFromItsStart() {
        ProcessMeter.Sample before = sample(0, Map.of(POSTMASTER, process(ProcessMeter.POSTGRES_BACKGROUND, TICKS)));
        ProcessMeter.Sample after = sample(4 * TICKS, Map.of(
                POSTMASTER, process(ProcessMeter.POSTGRES_BACKGROUND, TICKS),
                NEW_BACKEND, backend("postgres: projections", 2 * TICKS)));

        assertThat(ProcessMeter.cpuSeconds(before, after).get("postgres: projections")).isCloseTo(2.0, within(1e-9));
    }

    /** A pid used again by a new process: the old one's time is not taken off the new one's. */
    @Test
    void countsAProcessThatRestartedUnderTheSamePidFromItsNewStart() {
        ProcessMeter.Sample before = sample(0, Map.of(CASE_SERVICE, new ProcessMeter.ProcessTicks("case-service",
                50 * TICKS, 1_000, false)));
        ProcessMeter.Sample after = sample(4 * TICKS, Map.of(CASE_SERVICE, new ProcessMeter.ProcessTicks("case-service",
                2 * TICKS, 9_000, false)));

        assertThat(ProcessMeter.cpuSeconds(before, after).get("case-service")).isCloseTo(2.0, within(1e-9));
    }

    /**
     * A backend that ended between the samples is gone from /proc; its whole time arrives in the postmaster's reaped
     * children's time. Only what it spent after the first sample belongs to the phase.
     */
    @Test
    void countsAnEndedBackendOnlyForTheTimeItSpentAfterTheFirstSample() {
        ProcessMeter.Sample before = sample(0, Map.of(
                POSTMASTER, process(ProcessMeter.POSTGRES_BACKGROUND, 10 * TICKS),
                ENDED_BACKEND, backend("postgres: cases", 7 * TICKS)));
        ProcessMeter.Sample after = sample(20 * TICKS, Map.of(
                POSTMASTER, process(ProcessMeter.POSTGRES_BACKGROUND, (10 + 1 + 7 + 2) * TICKS)));

        Map<String, Double> seconds = ProcessMeter.cpuSeconds(before, after);

        assertThat(seconds.get(ProcessMeter.POSTGRES_BACKGROUND)).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void neverCountsOtherProgramsBelowNothing() {
        ProcessMeter.Sample before = sample(0, Map.of(CASE_SERVICE, process("case-service", 0)));
        ProcessMeter.Sample after = sample(TICKS, Map.of(CASE_SERVICE, process("case-service", 2 * TICKS)));

        assertThat(ProcessMeter.cpuSeconds(before, after).get(ProcessMeter.OTHERS)).isZero();
    }

    private static ProcessMeter.Sample sample(long machineBusyTicks, Map<Long, ProcessMeter.ProcessTicks> processes) {
        return new ProcessMeter.Sample(0, processes, machineBusyTicks);
    }

    private static ProcessMeter.ProcessTicks process(String label, long ticks) {
        return new ProcessMeter.ProcessTicks(label, ticks, 1, false);
    }

    private static ProcessMeter.ProcessTicks backend(String label, long ticks) {
        return new ProcessMeter.ProcessTicks(label, ticks, 1, true);
    }
}
