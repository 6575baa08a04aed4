package org.caseledger.platform.kafka;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of a consumer: the lag of each partition it holds, and what a later consumer of the same name (a read
 * model's next rebuild) shows. Kafka's own in-memory consumer stands for the broker's: only its assignment, positions
 * and the partitions' ends are read.
 */
class ConsumerMetricsTest {

    private static final String NAME = "projections.rebuild.case-status";
    private static final TopicPartition PARTITION = new TopicPartition("caseledger.cases.v1", 0);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    /** What the registry logs: a gauge registered again is ignored, and the registry says so there. */
    private final ListAppender<ILoggingEvent> registryLog = new ListAppender<>();

    @BeforeEach
    void listenToTheRegistry() {
        registryLog.start();
        ((Logger) LoggerFactory.getLogger(MeterRegistry.class)).addAppender(registryLog);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(MeterRegistry.class)).detachAppender(registryLog);
    }

    /** Registered again, the gauge would be ignored, and the registry would say so in the service's log. */
    @Test
    void aPartitionTakenAwayAndGivenBackIsShownByTheGaugeItHadWithItsNewLag() {
        ConsumerMetrics metrics = new ConsumerMetrics(NAME, registry, Clock.systemUTC());
        metrics.polled(holding(100, 40), false);
        metrics.revoked(List.of(PARTITION));
        assertThat(lag()).isNaN();

        metrics.polled(holding(100, 90), false);

        assertThat(registry.find("caseledger.consumer.lag").gauges()).hasSize(1);
        assertThat(lag()).isEqualTo(10);
        assertThat(registryLog.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void aConsumerOfTheSameNameStartedAfterOneClosedShowsItsOwnFigures() {
        ConsumerMetrics first = new ConsumerMetrics(NAME, registry, Clock.systemUTC());
        first.polled(holding(100, 40), false);
        first.absorbed(PARTITION.topic());
        first.close();
        assertThat(registry.find("caseledger.consumer.lag").gauges()).isEmpty();

        ConsumerMetrics next = new ConsumerMetrics(NAME, registry, Clock.systemUTC());
        next.polled(holding(100, 97), true);

        assertThat(lag()).isEqualTo(3);
        assertThat(registry.find("caseledger.consumer.redeliveries.absorbed").counters()).isEmpty();
        next.absorbed(PARTITION.topic());
        assertThat(registry.get("caseledger.consumer.redeliveries.absorbed").counter().count()).isEqualTo(1);
    }

    /**
     * Consumers of one name side by side (a rebuild's copy) share one instance: a partition that moves from one to the
     * other keeps its one gauge, and the name is behind while either of them is.
     */
    @Test
    void consumersOfOneNameSideBySideShowOneGaugeAPartitionAndAreBehindWhileEitherIs() {
        ConsumerMetrics metrics = new ConsumerMetrics(NAME, registry, Clock.systemUTC());
        MockConsumer<String, byte[]> first = holding(100, 40);
        MockConsumer<String, byte[]> second = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        metrics.bind(first);
        metrics.bind(second);
        metrics.polled(first, false);
        metrics.revoked(List.of(PARTITION));
        first.unsubscribe();
        second.assign(List.of(PARTITION));
        second.updateEndOffsets(Map.of(PARTITION, 100L));
        second.seek(PARTITION, 90);
        metrics.applied(List.of(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), 89,
                System.currentTimeMillis() - 5_000, TimestampType.CREATE_TIME, 0, 0, "case", new byte[0],
                new RecordHeaders(), Optional.empty())));

        metrics.polled(second, false);
        metrics.polled(first, true);

        assertThat(registry.find("caseledger.consumer.lag").gauges()).hasSize(1);
        assertThat(lag()).isEqualTo(10);
        assertThat(secondsBehind()).as("the second is behind").isGreaterThanOrEqualTo(5);
        assertThat(registryLog.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();

        metrics.unbind(second);
        assertThat(secondsBehind()).as("the first alone is caught up").isZero();
        metrics.unbind(first);
        assertThat(lag()).as("no consumer bound holds the partition").isNaN();
    }

    /** A consumer holding the one partition, at {@code position} of its {@code end} records. */
    private static MockConsumer<String, byte[]> holding(long end, long position) {
        MockConsumer<String, byte[]> kafka = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        kafka.assign(List.of(PARTITION));
        kafka.updateEndOffsets(Map.of(PARTITION, end));
        kafka.seek(PARTITION, position);
        return kafka;
    }

    private double secondsBehind() {
        return registry.get("caseledger.consumer.lag.seconds").tag("consumer", NAME).gauge().value();
    }

    private double lag() {
        return registry.get("caseledger.consumer.lag").tag("consumer", NAME).gauge().value();
    }
}
