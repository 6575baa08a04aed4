package org.caseledger.platform.kafka;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;

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
        jdbc.sql("""
                        INSERT INTO consumer_position (consumer_name, topic, partition_no, next_offset, updated_at)
                        VALUES (:consumer, :topic, :partition, :next, now())
                        ON CONFLICT (consumer_name, topic, partition_no)
                        DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at
                        """)
                .param("consumer", consumerName)
                .param("topic", partition.topic())
                .param("partition", partition.partition())
                .param("next", nextOffset)
                .update();
    }
}
