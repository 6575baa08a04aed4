package org.caseledger.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * How a service reaches Kafka and how it declares the caseledger topics.
 *
 * @param bootstrapServers  comma-separated host:port list
 * @param topicPartitions   partitions of a topic this service declares (order is per case or appeal, so more
 *                          partitions only add parallelism)
 * @param replicationFactor replicas of a declared topic: 1 on one machine, 3 in a cluster
 * @param sendTimeout       how long a publication may wait for the broker before it is retried later
 */
@Validated
@ConfigurationProperties("caseledger.kafka")
public record KafkaSettings(@NotBlank String bootstrapServers,
                            @Min(1) int topicPartitions,
                            @Min(1) short replicationFactor,
                            Duration sendTimeout) {

    public KafkaSettings {
        if (topicPartitions == 0) {
            topicPartitions = 6;
        }
        if (replicationFactor == 0) {
            replicationFactor = 1;
        }
        if (sendTimeout == null) {
            sendTimeout = Duration.ofSeconds(10);
        }
    }
}
