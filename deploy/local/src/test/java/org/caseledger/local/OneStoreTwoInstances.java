package org.caseledger.local;

import org.caseledger.api.EventHeaders;
import org.caseledger.platform.publishing.KafkaEventPublisher;
import org.caseledger.platform.testing.TopicReader;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

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
