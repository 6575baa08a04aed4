package org.caseledger.platform.testing;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What a topic consumer has stored as its positions: the one sure sign that it has read a record, whatever the record
 * changed or, for a record applied before, left alone.
 */
public final class StoredPositions {

    private StoredPositions() {
    }

    /** Waits until the named consumer has stored a position past the record, i.e. has read it and committed. */
    public static void awaitReadPast(JdbcClient jdbc, String consumer, RecordMetadata record) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM consumer_position
                         WHERE consumer_name = ? AND topic = ? AND partition_no = ? AND next_offset > ?""")
                .params(consumer, record.topic(), record.partition(), record.offset())
                .query(Long.class).single() == 1);
    }
}
