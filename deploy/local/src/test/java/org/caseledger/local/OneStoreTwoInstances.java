package org.caseledger.local;

import org.caseledger.api.EventHeaders;
import org.caseledger.platform.publishing.KafkaEventPublisher;
import org.caseledger.platform.testing.TopicReader;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the drills of two instances of one service over one event store read of that store and its topic. */
final class OneStoreTwoInstances {

    private OneStoreTwoInstances() {
    }

    /** The instance that holds the publisher's token: {@code <pid>@<host>}. */
    static String publisherOwner(JdbcClient store) {
        return store.sql("SELECT owner FROM tokenentry WHERE processorname = ?")
                .param(KafkaEventPublisher.PROCESSING_GROUP).query(String.class).single();
    }

    /**
     * Every event the store holds now is on the topic once, as a consumer of committed records reads it: nothing
     * stored was left unpublished, nothing published twice, whichever instance published it and however often
     * publication changed hands.
     */
    static void awaitEveryStoredEventOnTheTopicOnce(JdbcClient store, String bootstrapServers, String topic) {
        awaitEveryStoredEventOnTheTopic(store, bootstrapServers, topic);
        try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
            Map<String, Long> copies = reader.recordsToTheEnd().stream().collect(Collectors.groupingBy(
                    record -> TopicReader.header(record, EventHeaders.EVENT_ID), Collectors.counting()));
            assertThat(copies.entrySet().stream().filter(copiesOfOne -> copiesOfOne.getValue() > 1).toList())
                    .as("events on the topic more than once").isEmpty();
        }
    }

    /** Until every event the store holds now is on the topic: nothing stored was left unpublished. */
    static void awaitEveryStoredEventOnTheTopic(JdbcClient store, String bootstrapServers, String topic) {
        Set<String> stored = Set.copyOf(store.sql("SELECT eventidentifier FROM domainevententry")
                .query(String.class).list());
        try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> reader.records().stream()
                    .map(record -> TopicReader.header(record, EventHeaders.EVENT_ID))
                    .collect(Collectors.toSet()).containsAll(stored));
        }
    }
}
