package org.caseledger.platform.kafka;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a consumer stands in each partition, kept in the consumer's own database next to what it wrote. */
class JdbcConsumerPositions {

    private final JdbcClient jdbc;
    private final String consumerName;

    JdbcConsumerPositions(JdbcClient jdbc, String consumerName) {
        this.jdbc = jdbc;
        this.consumerName = consumerName;
    }

    Optional<Long> nextOffset(TopicPartition partition) {
        return jdbc.sql("""
                        SELECT next_offset FROM consumer_position
                         WHERE consumer_name = :consumer AND topic = :topic AND partition_no = :partition
                        """)
                .param("consumer", consumerName)
                .param("topic", partition.topic())
                .param("partition", partition.partition())
                .query(Long.class)
                .optional();
    }

    void store(TopicPartition partition, long nextOffset) {
        store(Map.of(partition, nextOffset));
    }

    /** Stores the next offset of each partition given, in one statement. */
    void store(Map<TopicPartition, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<Map.Entry<TopicPartition, Long>> entries = List.copyOf(nextOffsets.entrySet());
        jdbc.sql("""
                        INSERT INTO consumer_position (consumer_name, topic, partition_no, next_offset, updated_at)
                        SELECT :consumer, moved.topic, moved.partition_no, moved.next_offset, now()
                          FROM unnest(CAST(:topics AS TEXT[]), CAST(:partitions AS INT[]), CAST(:offsets AS BIGINT[]))
                               AS moved(topic, partition_no, next_offset)
                        ON CONFLICT (consumer_name, topic, partition_no)
                        DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at
                        """)
                .param("consumer", consumerName)
                .param("topics", entries.stream().map(entry -> entry.getKey().topic()).toArray(String[]::new))
                .param("partitions", entries.stream().map(entry -> entry.getKey().partition()).toArray(Integer[]::new))
                .param("offsets", entries.stream().map(Map.Entry::getValue).toArray(Long[]::new))
                .update();
    }
}
