package org.caseledger.cases.publication;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.platform.publishing.KafkaEventPublisher;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.cases.CaseFixtures.IN_CAMP_NOVEMBER_2017;
import static org.caseledger.cases.CaseFixtures.NURLAN;
import static org.caseledger.cases.CaseFixtures.WIFE_TESTIMONY;

/**
 * The pitfall DESIGN.md warns of: a publisher whose first token is a replay token skips the events stored before it
 * first ran. Here the events are stored while the publisher has never run in this database; all must arrive.
 * <p>
 * Not a {@link org.caseledger.cases.RunningCaseService}: the test stops the publisher and deletes its token, which in
 * the shared service would hold back and then publish again every other test's events. Its own database and context,
 * closed after the test.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PublicationCatchUpIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "cases_catch_up");
        PersonalDataTestKeys.registerHolder(registry);
    }

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;

    @Test
    void eventsStoredBeforeThePublisherFirstRanAreAllPublished() {
        StreamingEventProcessor publisher = processing
                .eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        // Stopping a processor that is still launching its worker would leave it unable to start again.
        await().atMost(Duration.ofSeconds(30)).until(() -> !publisher.processingStatus().isEmpty());
        publisher.shutDown();
        jdbc.sql("DELETE FROM tokenentry WHERE processorname = ?")
                .param(KafkaEventPublisher.PROCESSING_GROUP).update();

        List<String> caseIds = IntStream.rangeClosed(1, 25).mapToObj(number -> {
            CaseId caseId = CaseId.random();
            commands.sendAndWait(new ReportDetention(caseId, NURLAN, IN_CAMP_NOVEMBER_2017, WIFE_TESTIMONY));
            return caseId.value();
        }).toList();
        publisher.start();

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(topic.records().stream().map(record -> record.key()).distinct()
                            .filter(caseIds::contains)).hasSameSizeAs(caseIds));
        }
        List<String> tokenTypes = jdbc.sql("SELECT tokentype FROM tokenentry WHERE processorname = ?")
                .param(KafkaEventPublisher.PROCESSING_GROUP).query(String.class).list();
        assertThat(tokenTypes).isNotEmpty().noneMatch(type -> type != null && type.contains("ReplayToken"));
    }
}
