package org.caseledger.platform.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The redeliveries a consumer's sequence guards found applied before, as the consumer's own metric counts them. */
public final class Redeliveries {

    private Redeliveries() {
    }

    public static long absorbedBy(MeterRegistry registry, String consumer) {
        return Math.round(registry.find("caseledger.consumer.redeliveries.absorbed").tag("consumer", consumer)
                .counters().stream().mapToDouble(Counter::count).sum());
    }
}
