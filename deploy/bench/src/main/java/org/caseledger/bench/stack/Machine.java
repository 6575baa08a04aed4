package org.caseledger.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the run shares with whatever else runs on it. */
public final class Machine {

    private Machine() {
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The 1-minute load average: runnable processes, of which the machine runs {@link #cores()} at a time. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
