package org.caseledger.bench.limits;

import org.caseledger.bench.Durations;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one JMH benchmark method in this JVM. Without a fork, because the limits must be measured against the stack
 * in the same run as the commands, and the benchmarks reach it through what this JVM was told; a fork would only
 * repeat the start-up. JMH's warm-up iteration and its threads are what it brings here.
 */
final class Jmh {

    private Jmh() {
    }

    /** Operations per second over the measured iterations, and JMH's 99.9% error bound (NaN when not known). */
    record Score(double perSecond, double error) {
    }

    static Score run(Class<?> benchmarks, String method, int threads, Durations durations) throws RunnerException {
        return run(benchmarks, method, threads, durations, Map.of());
    }

    /** With the benchmark's {@code @Param} fields set to one value each. */
    static Score run(Class<?> benchmarks, String method, int threads, Durations durations, Map<String, String> params)
            throws RunnerException {
        // JMH refuses to run while another JMH run holds its lock file; on a shared machine that is no reason to fail,
        // and what the other run takes from the machine shows in the load reported with the figures.
        System.setProperty("jmh.ignoreLock", "true");
        ChainedOptionsBuilder builder = new OptionsBuilder();
        params.forEach(builder::param);
        Options options = builder
                .include("^" + Pattern.quote(benchmarks.getName() + "." + method) + "$")
                .forks(0)
                .threads(threads)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(durations.jmhWarmUp().toMillis()))
                .measurementIterations(durations.jmhIterations())
                .measurementTime(TimeValue.milliseconds(durations.jmhIteration().toMillis()))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult run = new Runner(options).runSingle();
        Result<?> result = run.getPrimaryResult();
        return new Score(result.getScore(), result.getScoreError());
    }
}
