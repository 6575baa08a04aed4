package org.caseledger.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class AxonMonitorsTest {

    private static final Function<Message<?>, Iterable<io.micrometer.core.instrument.Tag>> BY_PAYLOAD =
            TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION;

    private record CaseOpened(String caseId) {
    }

    private record ReleaseRecorded(String caseId) {
    }

    @Test
    void theEventStoreIsTimedAndCountedUnderTheNamesTagsAndPercentilesOfAxonsOwnMonitors() {
        MockClock ourClock = new MockClock();
        MockClock axonsClock = new MockClock();
        MeterRegistry ours = new SimpleMeterRegistry(SimpleConfig.DEFAULT, ourClock);
        MeterRegistry axons = new SimpleMeterRegistry(SimpleConfig.DEFAULT, axonsClock);
        MessageMonitor<? super EventMessage<?>> ourMonitor = new AxonMonitors(ours).registerEventBus("eventStore",
                BY_PAYLOAD);
        MessageMonitor<Message<?>> axonsMonitor = new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.builder().meterNamePrefix("eventStore").meterRegistry(axons).clock(axonsClock)
                        .tagsBuilder(BY_PAYLOAD).build(),
                MessageCountingMonitor.buildMonitor("eventStore", axons, BY_PAYLOAD)));

        String[] outcomes = {"success", "failure", "ignored", "success", "success", "failure"};
        for (int i = 0; i < outcomes.length; i++) {
            EventMessage<?> message = GenericEventMessage.asEventMessage(
                    i % 2 == 0 ? new CaseOpened("c" + i) : new ReleaseRecorded("c" + i));
            MessageMonitor.MonitorCallback ourCallback = ourMonitor.onMessageIngested(message);
            MessageMonitor.MonitorCallback axonsCallback = axonsMonitor.onMessageIngested(message);
            ourClock.add(Duration.ofMillis(3L + i));
            axonsClock.add(Duration.ofMillis(3L + i));
            report(ourCallback, outcomes[i]);
            report(axonsCallback, outcomes[i]);
        }

        assertThat(described(ours)).isEqualTo(described(axons)).containsKey(
                "eventStore.failureCounter" + Tags.of("payloadType", "ReleaseRecorded") + " COUNTER").hasSize(2 * (4 + 5 + 4 * 6));
    }

    @Test
    void aProcessorsLatencyIsTheGaugeAxonsMonitorKeeps() {
        MockClock clock = new MockClock();
        MeterRegistry ours = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        MeterRegistry axons = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        Function<Message<?>, Iterable<io.micrometer.core.instrument.Tag>> byProcessor =
                message -> Tags.of("processorName", "kafka-publisher");
        MessageMonitor<? super EventMessage<?>> ourMonitor =
                new AxonMonitors(ours).registerEventProcessor("eventProcessor", BY_PAYLOAD, byProcessor);
        MessageMonitor<EventMessage<?>> axonsMonitor = EventProcessorLatencyMonitor.builder()
                .meterNamePrefix("eventProcessor").meterRegistry(axons).clock(clock).tagsBuilder(byProcessor).build();

        for (long storedAgo : new long[] {1_500, 40}) {
            clock.add(Duration.ofSeconds(2));
            EventMessage<?> event = GenericEventMessage.<Object>asEventMessage(new CaseOpened("c1"))
                    .andMetaData(Map.of());
            EventMessage<?> stored = new GenericEventMessage<>(event.getIdentifier(), event.getPayload(), Map.of(),
                    Instant.ofEpochMilli(clock.wallTime() - storedAgo));
            ourMonitor.onMessageIngested(stored).reportSuccess();
            axonsMonitor.onMessageIngested(stored).reportSuccess();
            Gauge latency = ours.get("eventProcessor.latency").tags("processorName", "kafka-publisher").gauge();
            assertThat(latency.value()).isEqualTo(storedAgo)
                    .isEqualTo(axons.get("eventProcessor.latency").gauge().value());
        }
    }

    private static void report(MessageMonitor.MonitorCallback callback, String outcome) {
        switch (outcome) {
            case "success" -> callback.reportSuccess();
            case "failure" -> callback.reportFailure(new IllegalStateException("refused"));
            default -> callback.reportIgnored();
        }
    }

    /**
     * Each meter by name, tags and type, with what it holds: a count, a timer's count, total, max and percentiles, or a
     * gauge's value (a timer's percentiles are gauges of their own).
     */
    private static Map<String, String> described(MeterRegistry registry) {
        Map<String, String> meters = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String key = meter.getId().getName() + Tags.of(meter.getId().getTags()) + " " + meter.getId().getType();
            if (meter instanceof Counter counter) {
                meters.put(key, "count " + counter.count());
            } else if (meter instanceof Timer timer) {
                ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
                meters.put(key, "count " + timer.count() + " total " + timer.totalTime(TimeUnit.MILLISECONDS)
                        + " max " + timer.max(TimeUnit.MILLISECONDS) + " percentiles " + Arrays.stream(percentiles)
                        .map(ValueAtPercentile::percentile).toList());
            } else if (meter instanceof Gauge gauge) {
                meters.put(key, "value " + gauge.value());
            } else {
                meters.put(key, meter.getClass().getSimpleName());
            }
        }
        return meters;
    }
}
