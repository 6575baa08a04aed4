package org.caseledger.platform.publishing;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.caseledger.api.EventHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads where publication from an event store to a topic has got to: the place in the store of the last event from
 * it committed on the topic. Batches commit whole and in the order of the store, so the latest of the partitions'
 * last committed records from the store is the end of the last committed batch. Records of other stores (tests
 * share a topic between databases) and records without a place tell nothing. A partition read back this far without
 * finding one of the store's records tells nothing either: what is not known to be published is sent again.
 */
class PublishedTail {

    private static final long FARTHEST_BACK = 10_000;
    /** How far back the first round reads from each partition's end. */
    private static final long FIRST_STEP = 512;

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Duration timeout;

    /** @param consumers make a consumer that reads committed records only, without a consumer group */
    PublishedTail(Supplier<Consumer<String, byte[]>> consumers, Duration timeout) {
        this.consumers = consumers;
        this.timeout = timeout;
    }

    /** The place of the last event of the store committed on the topic, and its identifier; null while none is. */
    Published lastPublished(String topic, String store) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return null;
            }
            List<TopicPartition> all = partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all, timeout);
            // Read committed, the end is the first offset of any transaction still open: what is committed ends there.
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
            Published latest = null;
            for (ConsumerRecord<String, byte[]> record : lastRecordsOf(store, consumer, beginnings, ends, deadline)) {
                GapAwareTrackingToken last = placeOf(record);
                if (last != null && (latest == null || last.getIndex() > latest.place().getIndex()
                        || last.getIndex() == latest.place().getIndex()
                        && last.getGaps().size() < latest.place().getGaps().size())) {
                    latest = new Published(last, text(record.headers().lastHeader(EventHeaders.EVENT_ID)));
                }
            }
            return latest;
        }
    }

    /** The last event of a store committed on a topic: its place in the store, and its identifier. */
    record Published(GapAwareTrackingToken place, String eventId) {
    }

    /**
     * Each partition's last record of the store before its end. The offsets just before it may hold no record a
     * consumer sees (a transaction's commit marker does not count as one, an aborted transaction's records are
     * skipped) or records of other stores, so it reads back from the end in rounds that go four times as far back as
     * the one before, every partition still without one in the same round: a few fetches for all of them, not a
     * seek and a fetch per partition and step.
     */
    private static Collection<ConsumerRecord<String, byte[]>> lastRecordsOf(String store,
                                                                           Consumer<String, byte[]> consumer,
                                                                           Map<TopicPartition, Long> beginnings,
                                                                           Map<TopicPartition, Long> ends,
                                                                           long deadline) {
        Map<TopicPartition, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        Map<TopicPartition, Long> until = new HashMap<>(ends);
        Map<TopicPartition, Long> farthest = new HashMap<>();
        ends.forEach((partition, end) -> farthest.put(partition, Math.max(beginnings.get(partition),
                end - FARTHEST_BACK)));
        consumer.assign(ends.keySet());
        Set<TopicPartition> searched = new HashSet<>(ends.keySet());
        searched.removeIf(partition -> until.get(partition) <= farthest.get(partition));
        for (long step = FIRST_STEP; !searched.isEmpty(); step *= 4) {
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition partition : searched) {
                from.put(partition, Math.max(farthest.get(partition), until.get(partition) - step));
                consumer.seek(partition, from.get(partition));
            }
            consumer.pause(ends.keySet());
            consumer.resume(searched);
            Set<TopicPartition> reading = new HashSet<>(searched);
            while (!reading.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read the end of " + reading + " in time");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (reading.contains(partition) && record.offset() < until.get(partition)
                            && store.equals(text(record.headers().lastHeader(EventHeaders.STORE_ID)))) {
                        found.put(partition, record);
                    }
                }
                for (TopicPartition partition : List.copyOf(reading)) {
                    if (consumer.position(partition) >= until.get(partition)) {
                        reading.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
            for (TopicPartition partition : List.copyOf(searched)) {
                until.put(partition, from.get(partition));
                if (found.containsKey(partition) || from.get(partition) <= farthest.get(partition)) {
                    searched.remove(partition);
                }
            }
        }
        return found.values();
    }

    private static GapAwareTrackingToken placeOf(ConsumerRecord<String, byte[]> record) {
        String index = record == null ? null : text(record.headers().lastHeader(EventHeaders.STORE_POSITION));
        if (index == null) {
            return null;
        }
        String gaps = text(record.headers().lastHeader(EventHeaders.STORE_POSITION_GAPS));
        return GapAwareTrackingToken.newInstance(Long.parseLong(index), gaps == null || gaps.isEmpty() ? List.of()
                : Arrays.stream(gaps.split(",")).map(Long::valueOf).toList());
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
