package org.caseledger.platform.testing;

import java.lang.management.ManagementFactory;

/** The heap this JVM holds, read after collecting garbage twice: what a test keeps, taken before and after. */
public final class HeapInUse {

    private HeapInUse() {
    }

    public static long afterCollecting() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
