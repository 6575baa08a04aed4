package org.caseledger.platform.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a service reaches Kafka and how it declares the caseledger topics.
 *
 * @param bootstrapServers  comma-separated host:port list
 * @param topicPartitions   partitions of a topic this service declares (order is per case or appeal, so more
 *                          partitions only add parallelism)
 * @param replicationFactor replicas of a declared topic: 1 on a single broker, 3 in a cluster of three; the
 *                          topic's {@code min.insync.replicas} follows from it ({@link #minInSyncReplicas()})
 * @param sendTimeout       how long a publication may wait for the broker before it is retried later
 * @param clientProperties  standard Kafka client properties given to every producer, consumer and admin client of
 *                          the service as they are, e.g. {@code security.protocol=SSL} and the {@code ssl.*} key and
 *                          trust stores of a cluster that authenticates its clients by certificate
 */
@Validated
@ConfigurationProperties("caseledger.kafka")
public record KafkaSettings(@NotBlank String bootstrapServers,
                            @Min(1) int topicPartitions,
                            @Min(1) short replicationFactor,
                            Duration sendTimeout,
                            Map<String, String> clientProperties) {

    /**
     * What caseledger sets on its clients itself: its delivery guarantees rest on these (acknowledgement by all
     * replicas, idempotent sends, events published in transactions under an id shared by a service's instances,
     * consumers that read committed records only, so never a record of a batch that was aborted and sent again,
     * positions stored with the rows instead of committed offsets, timeouts derived from the send timeout), so
     * passing them through would quietly change what the ledger promises.
     */
    static final Set<String> DECIDED_BY_CASELEDGER = Set.of(
            "bootstrap.servers", "client.id", "group.id", "group.instance.id",
            "enable.auto.commit", "auto.offset.reset", "max.poll.records",
            "acks", "enable.idempotence", "transactional.id", "transaction.timeout.ms", "isolation.level",
            "retries",
            "max.block.ms", "request.timeout.ms", "delivery.timeout.ms", "default.api.timeout.ms", "linger.ms",
            "max.in.flight.requests.per.connection",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer");

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
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        List<String> refused = clientProperties.keySet().stream().filter(DECIDED_BY_CASELEDGER::contains).sorted()
                .toList();
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("caseledger.kafka.client-properties may not set " + refused
                    + ": caseledger sets them itself because its delivery guarantees rest on them; use "
                    + "caseledger.kafka.bootstrap-servers and caseledger.kafka.send-timeout where they apply");
        }
    }

    /**
     * How many replicas must have a record before the broker acknowledges it to a producer that asks all of them:
     * all but one from three replicas on (so one broker may fail without refusing a write, and no acknowledged
     * record lives on one broker alone), one below that.
     */
    public int minInSyncReplicas() {
        return replicationFactor >= 3 ? replicationFactor - 1 : 1;
    }

    /** The configuration of one client: the passed-through properties, then the bootstrap servers and its own. */
    public Map<String, Object> clientConfig(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        config.putAll(own);
        return config;
    }

    /** The configuration of an admin client, each of its requests and calls bounded by the send time-out. */
    public Map<String, Object> adminClientConfig() {
        int timeout = (int) sendTimeout.toMillis();
        return clientConfig(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }

    /** Keeps passwords of key and trust stores out of logs and error messages. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((key, value) -> shown.put(key, key.contains("password") || key.contains("jaas")
                || key.endsWith(".key") ? "(hidden)" : value));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topicPartitions=" + topicPartitions
                + ", replicationFactor=" + replicationFactor + ", sendTimeout=" + sendTimeout
                + ", clientProperties=" + shown + "]";
    }
}
