package org.caseledger.platform.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure a caseledger topic exists, keeping its events forever: every read model is rebuilt from the topics,
 * so a topic that expired records would lose history. Producers and consumers both declare, so either may start
 * first; a topic that already exists is left as it is, and is not created again.
 */
public class TopicDeclaration {

    private static final Logger log = LoggerFactory.getLogger(TopicDeclaration.class);

    private final KafkaSettings settings;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    public TopicDeclaration(KafkaSettings settings) {
        this.settings = settings;
    }

    /** Declares the topic once per process; throws if the broker cannot be reached, so the caller retries. */
    public void ensure(String topic) {
        if (declared.contains(topic)) {
            return;
        }
        try (Admin admin = Admin.create(settings.adminClientConfig())) {
            if (!exists(admin, topic)) {
                create(admin, topic);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                throw new IllegalStateException("Topic " + topic + " does not exist or this service's Kafka user "
                        + "has no right to it, and it may not create it: a cluster declares every caseledger topic "
                        + "and grants each service its own (deploy/k8s)", e);
            }
            throw new IllegalStateException("Cannot declare topic " + topic + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + settings.sendTimeout()
                    + " while declaring topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while declaring topic " + topic, e);
        }
        declared.add(topic);
    }

    /**
     * Asked before creating, because a cluster that declares its topics itself grants a service no right to create
     * one: describing needs only the read or write right the service has anyway.
     */
    private boolean exists(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private void create(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        NewTopic newTopic = new NewTopic(topic, settings.topicPartitions(), settings.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInSyncReplicas())));
        try {
            admin.createTopics(List.of(newTopic)).all().get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} ({} partitions, replication {}, min.insync.replicas {}, kept forever)",
                    topic, settings.topicPartitions(), settings.replicationFactor(), settings.minInSyncReplicas());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        awaitLeaders(admin, topic);
    }

    /**
     * In a cluster, the broker asked may not have heard of a topic that the controller has just created: then it is
     * asked again, like a partition still without a leader.
     */
    private TopicDescription describedOnceKnown(Admin admin, String topic) throws ExecutionException,
            InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /**
     * A topic just created takes a moment to have a leader for every partition; sent to before, a producer is told
     * NOT_LEADER and retries. So the declaration returns once every partition has a leader, as the controller has
     * it. A broker may take up its leadership a moment later still: the publisher's one request in flight per broker
     * is what makes that refusal harmless (EventPublishingConfiguration).
     */
    private void awaitLeaders(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        while (true) {
            TopicDescription description = describedOnceKnown(admin, topic);
            if (description != null && description.partitions().stream()
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " has a partition without a leader");
            }
            // No notice comes when a leader is elected: the broker is asked again after a short pause.
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
