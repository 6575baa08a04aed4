package org.caseledger.platform.kafka;

import org.apache.kafka.common.TopicPartition;
import org.caseledger.platform.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The positions a consumer keeps in its own database, on the real PostgreSQL. */
class JdbcConsumerPositionsIT {

    static final JdbcClient jdbc = MigratedDatabase.runtime("platform_positions");

    private final String consumer = "positions-" + UUID.randomUUID();
    private final JdbcConsumerPositions positions = new JdbcConsumerPositions(jdbc, consumer);

    @Test
    void consumerThatNeverStoredAPositionHasNone() {
        assertThat(positions.nextOffset(new TopicPartition("caseledger.cases.v1", 0))).isEmpty();
    }

    @Test
    void storedPositionIsReadBackAndMovedByTheNextStore() {
        TopicPartition partition = new TopicPartition("caseledger.cases.v1", 2);

        positions.store(partition, 17);
        assertThat(positions.nextOffset(partition)).contains(17L);

        positions.store(partition, 42);
        assertThat(positions.nextOffset(partition)).contains(42L);
    }

    @Test
    void eachPartitionTopicAndConsumerHasAPositionOfItsOwn() {
        positions.store(new TopicPartition("caseledger.cases.v1", 0), 5);
        positions.store(new TopicPartition("caseledger.cases.v1", 1), 9);
        positions.store(new TopicPartition("caseledger.appeals.v1", 0), 3);
        new JdbcConsumerPositions(jdbc, consumer + "-other").store(new TopicPartition("caseledger.cases.v1", 0), 70);

        assertThat(positions.nextOffset(new TopicPartition("caseledger.cases.v1", 0))).contains(5L);
        assertThat(positions.nextOffset(new TopicPartition("caseledger.cases.v1", 1))).contains(9L);
        assertThat(positions.nextOffset(new TopicPartition("caseledger.appeals.v1", 0))).contains(3L);
        assertThat(positions.nextOffset(new TopicPartition("caseledger.appeals.v1", 1))).isEmpty();
    }

    @Test
    void aPollsPositionsAreStoredTogetherEachInItsPartition() {
        TopicPartition cases0 = new TopicPartition("caseledger.cases.v1", 0);
        TopicPartition cases1 = new TopicPartition("caseledger.cases.v1", 1);
        TopicPartition appeals0 = new TopicPartition("caseledger.appeals.v1", 0);
        positions.store(cases0, 5);

        positions.store(Map.of(cases1, 9L, cases0, 12L, appeals0, 3L));

        assertThat(positions.nextOffset(cases0)).contains(12L);
        assertThat(positions.nextOffset(cases1)).contains(9L);
        assertThat(positions.nextOffset(appeals0)).contains(3L);
        positions.store(Map.of());
        assertThat(positions.nextOffset(cases0)).contains(12L);
    }
}
