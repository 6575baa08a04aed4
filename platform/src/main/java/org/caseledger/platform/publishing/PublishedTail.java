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
import java.util.List;
import java.util.Map;
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

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Duration timeout;

    /** @param consumers make a consumer that reads committed records only, without a consumer group */
    PublishedTail(Supplier<Consumer<String, byte[]>> consumers, Duration timeout) {
        this.consumers = consumers;
        this.timeout = timeout;
    }

    GapAwareTrackingToken lastPublished(String topic, String store) {
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
            GapAwareTrackingToken latest = null;
            for (TopicPartition partition : all) {
                GapAwareTrackingToken last = placeOf(lastRecordOf(store, consumer, partition,
                        beginnings.get(partition), ends.get(partition), deadline));
                if (last != null && (latest == null || last.getIndex() > latest.getIndex()
                        || last.getIndex() == latest.getIndex() && last.getGaps().size() < latest.getGaps().size())) {
                    latest = last;
                }
            }
            return latest;
        }
    }

    /**
     * The partition's last record of the store before its end. The offsets just before it may hold no record a
     * consumer sees (a transaction's commit marker does not count as one, an aborted transaction's records are
     * skipped), so it reads back from the end in growing steps until it finds one.
     */
    private static ConsumerRecord<String, byte[]> lastRecordOf(String store, Consumer<String, byte[]> consumer,
                                                               TopicPartition partition, long beginning, long end,
                                                               long deadline) {
        consumer.assign(List.of(partition));
        long step = 8;
        long farthest = Math.max(beginning, end - FARTHEST_BACK);
        for (long until = end; until > farthest; step *= 2) {
            long from = Math.max(farthest, until - step);
            consumer.seek(partition, from);
            ConsumerRecord<String, byte[]> last = null;
            while (consumer.position(partition) < until) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read the end of " + partition + " in time");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                    if (record.offset() < until
                            && store.equals(text(record.headers().lastHeader(EventHeaders.STORE_ID)))) {
                        last = record;
                    }
                }
            }
            if (last != null) {
                return last;
            }
            until = from;
        }
        return null;
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
