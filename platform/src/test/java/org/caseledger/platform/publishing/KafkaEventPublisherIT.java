package org.caseledger.platform.publishing;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.kafka.KafkaSettings;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.logging.LogContext;
import org.caseledger.platform.testing.RestartableKafka;
import org.caseledger.platform.testing.ServiceTracing;
import org.caseledger.platform.testing.TopicReader;
import org.caseledger.platform.tracing.TraceContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The publisher on a broker of its own, which a test can take away: a batch commits only when the broker has
 * acknowledged every record of it, and what it sends carries the context of the request that caused the event.
 */
class KafkaEventPublisherIT {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    static RestartableKafka kafka;
    static ConfigurableApplicationContext tracing;

    private final String topic = "caseledger.publisher-test-" + UUID.randomUUID();
    private final CaseId caseId = CaseId.random();
    private final Map<String, TrackingToken> places = new ConcurrentHashMap<>();
    private final AtomicLong lastPlace = new AtomicLong();
    /** The identifier of the event stored at each place of the event store. */
    private final Map<Long, String> storedAt = new ConcurrentHashMap<>();
    private final StoredEvents stored = id -> storedAt.entrySet().stream()
            .filter(stored -> stored.getValue().equals(id)).map(Map.Entry::getKey).findFirst();
    /** The event store's database, which every instance of the service shares. */
    private final TokenStore store = new InMemoryTokenStore();
    private KafkaSettings settings;
    private EventPublishingConfiguration configuration;
    private KafkaEventPublisher publisher;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void startKafkaAndTracing() {
        kafka = RestartableKafka.start();
        tracing = ServiceTracing.start();
    }

    @AfterAll
    static void stopKafkaAndTracing() {
        tracing.close();
        kafka.stop();
    }

    /**
     * A publisher as a service's own, its producers' sends watched by {@link WhatTheSendSaw} and what it logs kept in
     * {@link #logged}. Its send timeout is 8 s, shorter than a service's 10 s: the tests that take the broker away
     * wait it out twice, and a broker of the test's own, restarted, answers well within it.
     */
    @BeforeEach
    void publisherAsAServiceHasIt() {
        settings = new KafkaSettings(kafka.bootstrapServers(), 2, (short) 1, Duration.ofSeconds(8),
                Map.of("interceptor.classes", WhatTheSendSaw.class.getName()));
        configuration = new EventPublishingConfiguration();
        publisher = anotherInstance();
        logged.start();
        ((Logger) LoggerFactory.getLogger(KafkaEventPublisher.class)).addAppender(logged);
    }

    /** The publisher of another instance of the same service: same topic, same transactional id. */
    private KafkaEventPublisher anotherInstance() {
        return configuration.kafkaEventPublisher(new TopicDeclaration(settings), settings,
                tracing.getBean(TraceContexts.class), tracing.getBeanProvider(PersonalDataCodec.class),
                JacksonSerializer.defaultSerializer(), tracing.getBeanProvider(MeterRegistry.class), store, stored,
                "publisher-test", topic);
    }

    /** A unit of work a test left open would be the root of every later one on this thread, and take their commits. */
    @AfterEach
    void endUnitsOfWorkAndCloseProducer() {
        ((Logger) LoggerFactory.getLogger(KafkaEventPublisher.class)).detachAppender(logged);
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
        publisher.close();
    }

    @Test
    void batchIsOnTheTopicInOrderWhenItHasCommitted() {
        List<DomainEventMessage<ContactLost>> batch = List.of(event(0, MetaData.emptyInstance()),
                event(1, MetaData.emptyInstance()), event(2, MetaData.emptyInstance()));

        publishInOneBatch(batch);

        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.recordsWithKey(caseId.value()).size() == 3);
            assertThat(reader.recordsWithKey(caseId.value()))
                    .extracting(record -> TopicReader.header(record, EventHeaders.EVENT_ID))
                    .containsExactly(batch.get(0).getIdentifier(), batch.get(1).getIdentifier(),
                            batch.get(2).getIdentifier());
        }
    }

    /**
     * The retried batch sends its record again, in a transaction of a new producer, which aborts the first: had the
     * broker taken the first before it went away, a reader of committed records still sees it once.
     */
    @Test
    void batchTheBrokerDoesNotAcknowledgeIsNotCommittedAndGoesThroughOnceKafkaIsBack() {
        DomainEventMessage<ContactLost> before = event(0, MetaData.emptyInstance());
        publishInOneBatch(List.of(before));
        DomainEventMessage<ContactLost> duringOutage = event(1, MetaData.emptyInstance());

        kafka.stop();
        try {
            assertThatThrownBy(() -> publishInOneBatch(List.of(duringOutage)))
                    .isInstanceOf(KafkaEventPublisher.EventNotPublished.class)
                    .hasMessageContaining(topic);
        } finally {
            kafka.restart();
        }
        publishInOneBatch(List.of(duringOutage));

        assertThat(idsOnTheTopicOnceAll(2)).containsExactly(before.getIdentifier(), duringOutage.getIdentifier());
    }

    /**
     * An instance killed between the Kafka commit of a batch and the commit of its token: the instance that takes
     * publication over reads the batch again from the store, and sends only what comes after it.
     */
    @Test
    void batchCommittedOnTheTopicButNotInTheStoreIsNotSentAgainByTheInstanceThatTakesOver() {
        List<DomainEventMessage<ContactLost>> batch = List.of(event(0, MetaData.emptyInstance()),
                event(1, MetaData.emptyInstance()), event(2, MetaData.emptyInstance()));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
        batch.forEach(event -> publisher.publish(event, places.get(event.getIdentifier())));
        unitOfWork.onPrepareCommit(committing -> {
            throw new IllegalStateException("The token could not be stored");
        });
        assertThatThrownBy(unitOfWork::commit).hasMessage("The token could not be stored");

        KafkaEventPublisher takingOver = anotherInstance();
        try {
            List<DomainEventMessage<ContactLost>> again = new ArrayList<>(batch);
            again.add(event(3, MetaData.emptyInstance()));
            publishInOneBatch(takingOver, again);
        } finally {
            takingOver.close();
        }
        publishInOneBatch(List.of(batch.get(2), event(4, MetaData.emptyInstance())));

        assertThat(idsOnTheTopicOnceAll(5)).containsExactlyElementsOf(places.keySet().stream()
                .sorted(Comparator.comparing(id -> places.get(id).position().orElseThrow())).toList());
    }

    /**
     * An instance whose batch is still waiting when another takes publication over (it released the token when its
     * batch failed): the other's producer fences its producer, so its batch never commits, and nothing is twice.
     */
    @Test
    void batchOfAnInstanceThatLostPublicationIsNeverCommittedOnceAnotherTookItOver() {
        List<DomainEventMessage<ContactLost>> batch = List.of(event(0, MetaData.emptyInstance()),
                event(1, MetaData.emptyInstance()));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
        batch.forEach(event -> publisher.publish(event, places.get(event.getIdentifier())));
        CurrentUnitOfWork.clear(unitOfWork);

        KafkaEventPublisher takingOver = anotherInstance();
        try {
            publishInOneBatch(takingOver, batch);
        } finally {
            takingOver.close();
        }
        CurrentUnitOfWork.set(unitOfWork);
        assertThatThrownBy(unitOfWork::commit).isInstanceOf(KafkaEventPublisher.EventNotPublished.class);

        assertThat(idsOnTheTopicOnceAll(2)).containsExactly(batch.get(0).getIdentifier(),
                batch.get(1).getIdentifier());
    }

    /**
     * Events commit out of the order of their places: a batch can end with an event stored late, at a place below
     * one already published (2, after 3). Its record carries the place reached with that gap closed (3), where the
     * store holds another event. The next publisher finds that record last on the topic, finds the event it names in
     * the store, covered by that place, and goes on from there: once, each event, and the next one too.
     */
    @Test
    void batchEndingWithAnEventStoredLateIsFollowedByTheNextPublisher() {
        DomainEventMessage<ContactLost> first = event(0, MetaData.emptyInstance());
        DomainEventMessage<ContactLost> second = event(1, MetaData.emptyInstance());
        DomainEventMessage<ContactLost> third = event(2, MetaData.emptyInstance());
        storedAt.put(2L, third.getIdentifier());
        storedAt.put(3L, second.getIdentifier());
        places.put(second.getIdentifier(), GapAwareTrackingToken.newInstance(3, List.of(2L)));
        places.put(third.getIdentifier(), GapAwareTrackingToken.newInstance(3, List.of()));
        publishInOneBatch(List.of(first, second, third));
        publisher.close();

        publisher = anotherInstance();
        DomainEventMessage<ContactLost> next = event(3, MetaData.emptyInstance());
        publishInOneBatch(List.of(next));

        assertThat(idsOnTheTopicOnceAll(4)).containsExactly(first.getIdentifier(), second.getIdentifier(),
                third.getIdentifier(), next.getIdentifier());
    }

    /**
     * Places in one event store mean nothing beside another's: a service whose store is new publishes its events
     * although the topic already holds another store's events at the same places (tests share topics so).
     */
    @Test
    void eventsOfAnotherStoreOnTheTopicDoNotKeepThisStoresEventsFromIt() {
        publishInOneBatch(List.of(event(0, MetaData.emptyInstance()), event(1, MetaData.emptyInstance())));
        lastPlace.set(0);

        KafkaEventPublisher ofAnotherStore = configuration.kafkaEventPublisher(new TopicDeclaration(settings),
                settings, tracing.getBean(TraceContexts.class), tracing.getBeanProvider(PersonalDataCodec.class),
                JacksonSerializer.defaultSerializer(), tracing.getBeanProvider(MeterRegistry.class),
                new InMemoryTokenStore(), stored, "publisher-test", topic);
        try {
            publishInOneBatch(ofAnotherStore, List.of(event(2, MetaData.emptyInstance())));
        } finally {
            ofAnotherStore.close();
        }

        assertThat(idsOnTheTopicOnceAll(3)).hasSize(3);
    }

    /**
     * The event store restored from a backup taken before its last events were published, under the same identity:
     * the next event is stored at a place the topic already holds an event of it at. Taken for published, it would
     * be skipped; the publisher refuses to publish at all, and says why.
     */
    @Test
    void storeRestoredFromABackupOlderThanWhatWasPublishedPublishesNothingAndSaysWhy() {
        List<DomainEventMessage<ContactLost>> published = List.of(event(0, MetaData.emptyInstance()),
                event(1, MetaData.emptyInstance()), event(2, MetaData.emptyInstance()));
        publishInOneBatch(published);
        publisher.close();
        storedAt.remove(lastPlace.getAndSet(2));

        publisher = anotherInstance();
        DomainEventMessage<ContactLost> storedAfterTheRestore = event(2, MetaData.emptyInstance());

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> publishInOneBatch(List.of(storedAfterTheRestore)))
                    .isInstanceOf(KafkaEventPublisher.EventNotPublished.class)
                    .hasMessageContaining("up to place 3 (event " + published.get(2).getIdentifier() + ")")
                    .hasMessageContaining("the store holds no such event")
                    .hasMessageContaining("new identity");
        }
        assertThat(logged.list).as("each attempt says why")
                .filteredOn(line -> line.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains("the store holds no such event"))
                .hasSize(2);
        assertThat(idsOnTheTopicOnceAll(3)).containsExactly(published.get(0).getIdentifier(),
                published.get(1).getIdentifier(), published.get(2).getIdentifier());
    }

    /** The event ids on the topic once the expected number is there, read as a consumer of committed records. */
    private List<String> idsOnTheTopicOnceAll(int expected) {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.recordsWithKey(caseId.value()).size() >= expected);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(reader.recordsWithKey(caseId.value())).as("records of the case").hasSize(expected));
            return reader.recordsWithKey(caseId.value()).stream()
                    .map(record -> TopicReader.header(record, EventHeaders.EVENT_ID)).toList();
        }
    }

    /**
     * The producer keeps a record the broker has not taken for as long as it runs; a service going down while the
     * broker is away gives it up within the send timeout instead of waiting for the broker forever.
     */
    @Test
    void publisherHoldingARecordTheBrokerHasNotTakenClosesWithinTheSendTimeout() {
        publishInOneBatch(List.of(event(0, MetaData.emptyInstance())));

        kafka.stop();
        try {
            assertThatThrownBy(() -> publishInOneBatch(List.of(event(1, MetaData.emptyInstance()))))
                    .isInstanceOf(KafkaEventPublisher.EventNotPublished.class);
            assertTimeoutPreemptively(settings.sendTimeout().multipliedBy(3),
                    () -> publisher.close());
        } finally {
            kafka.restart();
        }
    }

    /** The processor's thread is stopped by an interrupt: the batch fails, and the thread still knows it was asked. */
    @Test
    void batchInterruptedWhileWaitingIsNotCommittedAndTheThreadStaysInterrupted() {
        DomainEventMessage<ContactLost> event = event(0, MetaData.emptyInstance());
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        publisher.publish(event, places.get(event.getIdentifier()));
        assertThat(CurrentUnitOfWork.get()).isSameAs(unitOfWork);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(unitOfWork::commit)
                    .isInstanceOf(KafkaEventPublisher.EventNotPublished.class)
                    .hasMessage("Interrupted while waiting for Kafka");
        } finally {
            assertThat(Thread.interrupted()).as("interrupted").isTrue();
        }
    }

    @Test
    void sendsInTheTraceCorrelationAndActorOfTheRequestThatCausedTheEvent() {
        DomainEventMessage<ContactLost> event = event(0, MetaData.with("correlationId", "corr-17")
                .and("recordedBy", "volunteer-3").and("traceparent", TRACEPARENT));

        publishInOneBatch(List.of(event));

        assertThat(WhatTheSendSaw.CONTEXTS.get(event.getIdentifier())).containsAllEntriesOf(Map.of(
                LogContext.CORRELATION_ID, "corr-17", LogContext.RECORDED_BY, "volunteer-3", "traceId", TRACE_ID));
    }

    /**
     * Right after a batch's commit the coordinator refuses the next batch's first partition until it has written the
     * last one's markers; the producer asks again after its retry backoff (at most 20 ms), so the publisher's is 5 ms.
     */
    @Test
    void theNextBatchAsksTheCoordinatorAgainAfterFiveMilliseconds() {
        publishInOneBatch(List.of(event(0, MetaData.emptyInstance())));

        assertThat(WhatTheSendSaw.TRANSACTIONAL).hasEntrySatisfying(
                EventPublishingConfiguration.transactionalId(topic, store.retrieveStorageIdentifier().orElseThrow()),
                config -> assertThat(config.get("retry.backoff.ms")).hasToString("5"));
    }

    @Test
    void eventCausedByNoRequestIsSentInATraceOfItsOwn() {
        DomainEventMessage<ContactLost> event = event(0, MetaData.emptyInstance());

        publishInOneBatch(List.of(event));

        Map<String, String> seen = WhatTheSendSaw.CONTEXTS.get(event.getIdentifier());
        assertThat(seen).doesNotContainKeys(LogContext.CORRELATION_ID, LogContext.RECORDED_BY);
        assertThat(seen.get("traceId")).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
    }

    /** As the publishing processor runs a batch: the handler for each event, then the batch commits. */
    private void publishInOneBatch(List<DomainEventMessage<ContactLost>> batch) {
        publishInOneBatch(publisher, batch);
    }

    private void publishInOneBatch(KafkaEventPublisher publishing, List<DomainEventMessage<ContactLost>> batch) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
        try {
            batch.forEach(event -> publishing.publish(event, places.get(event.getIdentifier())));
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
    }

    /** A new event, at the next place of the store. */
    private DomainEventMessage<ContactLost> event(long sequence, MetaData metaData) {
        DomainEventMessage<ContactLost> event = new GenericDomainEventMessage<>("Case", caseId.value(), sequence,
                new ContactLost(caseId, ApproximateDate.parse("2019-04"), new Source(SourceType.RELATIVE_TESTIMONY)),
                metaData);
        long place = lastPlace.incrementAndGet();
        places.put(event.getIdentifier(), GapAwareTrackingToken.newInstance(place, List.of()));
        storedAt.put(place, event.getIdentifier());
        return event;
    }

    /**
     * A producer interceptor runs on the sending thread: it sees the log and trace context of the send. The
     * publisher's consumer, which reads where the topic has got to, is given it too, and lets what it reads pass.
     */
    public static class WhatTheSendSaw implements ProducerInterceptor<String, byte[]>,
            ConsumerInterceptor<String, byte[]> {

        static final Map<String, Map<String, String>> CONTEXTS = new ConcurrentHashMap<>();
        static final Map<String, AtomicInteger> SENDS = new ConcurrentHashMap<>();

        @Override
        public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
            SENDS.computeIfAbsent(new String(record.headers().lastHeader(EventHeaders.EVENT_ID).value()),
                    id -> new AtomicInteger()).incrementAndGet();
            Map<String, String> context = MDC.getCopyOfContextMap();
            CONTEXTS.put(new String(record.headers().lastHeader(EventHeaders.EVENT_ID).value()),
                    context == null ? Map.of() : Map.copyOf(context));
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public ConsumerRecords<String, byte[]> onConsume(ConsumerRecords<String, byte[]> records) {
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
        }

        /** The configuration of each transactional producer the publisher made, by its transactional id. */
        static final Map<String, Map<String, ?>> TRANSACTIONAL = new ConcurrentHashMap<>();

        @Override
        public void configure(Map<String, ?> configs) {
            Object transactionalId = configs.get("transactional.id");
            if (transactionalId != null) {
                TRANSACTIONAL.put(transactionalId.toString(), Map.copyOf(configs));
            }
        }
    }
}
