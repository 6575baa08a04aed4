package org.caseledger.platform.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.caseledger.platform.axon.JdbcStorageEngine;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.KafkaConfiguration;
import org.caseledger.platform.kafka.KafkaSettings;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.tracing.TraceContexts;
import org.caseledger.platform.tracing.TracingConfiguration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wires {@link KafkaEventPublisher} into a service that keeps an Axon event store and names its topic in
 * {@code caseledger.publishing.topic}.
 */
@AutoConfiguration(after = {KafkaConfiguration.class, TracingConfiguration.class})
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnProperty("caseledger.publishing.topic")
public class EventPublishingConfiguration {

    /** What every publisher's transactional id begins with, before its topic. */
    private static final String TRANSACTIONAL_ID_PREFIX = "caseledger-publisher-";

    /**
     * The producer of the service's other records, such as the ledger's checkpoints; events go through the
     * publisher's own transactional producers. Closed by {@link #eventProducerClosing}, never by Spring's inferred
     * {@code close()}, which waits forever.
     */
    @Bean(destroyMethod = "")
    Producer<String, byte[]> eventProducer(KafkaSettings settings,
                                           @Value("${spring.application.name:caseledger}") String applicationName) {
        int timeoutMs = (int) settings.sendTimeout().toMillis();
        return new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-publisher",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2,
                // The producer never gives a record up while the broker may still take it: a record it expired could
                // be on the topic already, and the publisher, not knowing, would send it again as a new record. It
                // keeps retrying with the same sequence number instead, and the broker drops a copy it already has.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
                // One request in flight per broker: with more, a batch refused with NOT_LEADER (as by a partition
                // whose leader the broker has not taken up yet) leaves the next one refused as out of sequence, and
                // a producer that never gives a record up would retry that for ever.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 0)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Closes the producer within the send timeout. Its records are retried until the broker takes them, so a plain
     * close, which waits for every one, would never return while the broker is away: the service would hang on its
     * way down. What is still unsent when the time is up was never confirmed, so its batch's token did not move and
     * the publisher sends it again after the restart.
     */
    @Bean
    DisposableBean eventProducerClosing(Producer<String, byte[]> eventProducer, KafkaSettings settings) {
        return () -> eventProducer.close(settings.sendTimeout());
    }

    /** The producer's send rate, errors, retries and latency, from the Kafka client's own metrics. */
    @Bean(destroyMethod = "close")
    KafkaClientMetrics eventProducerMetrics(Producer<String, byte[]> eventProducer) {
        return new KafkaClientMetrics(eventProducer);
    }

    /**
     * The publisher and the producers it makes, one at a time: transactional, with an id derived from the topic and
     * the event store's identity and so the same in every instance of the service, which is what lets the instance
     * that publishes fence the others; a publisher of another store to the same topic has an id of its own. A
     * transaction may stay open for three send timeouts: a batch waits at most one for its acknowledgements and one
     * for its commit. A transaction an instance left open when it was killed holds
     * read_committed consumers of the topic back for no longer than that, and the next producer to start aborts
     * it at once.
     */
    @Bean(destroyMethod = "close")
    KafkaEventPublisher kafkaEventPublisher(TopicDeclaration topics,
                                            KafkaSettings settings,
                                            TraceContexts traces,
                                            ObjectProvider<PersonalDataCodec> codec,
                                            @Qualifier("eventSerializer") Serializer eventSerializer,
                                            ObjectProvider<MeterRegistry> meters,
                                            TokenStore tokenStore,
                                            StoredEvents storedEvents,
                                            @Value("${spring.application.name:caseledger}") String applicationName,
                                            @Value("${caseledger.publishing.topic}") String topic) {
        int timeoutMs = (int) settings.sendTimeout().toMillis();
        Map<String, Object> producerConfig = settings.clientConfig(Map.ofEntries(
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-transactional-publisher"),
                Map.entry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3 * timeoutMs),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2),
                // A record the broker has not taken within the send timeout fails its batch, whose transaction is
                // then aborted: sending it again in the next one cannot make it appear twice.
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 0),
                Map.entry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, retryBackoff(settings))));
        AtomicReference<KafkaClientMetrics> producerMetrics = new AtomicReference<>();
        Function<String, Producer<String, byte[]>> producers = store -> {
            Map<String, Object> config = new HashMap<>(producerConfig);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(topic, store));
            Producer<String, byte[]> producer = new KafkaProducer<>(config,
                    new StringSerializer(), new ByteArraySerializer());
            meters.ifAvailable(registry -> {
                KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
                metrics.bindTo(registry);
                KafkaClientMetrics replaced = producerMetrics.getAndSet(metrics);
                if (replaced != null) {
                    replaced.close();
                }
            });
            return producer;
        };
        Map<String, Object> tailConfig = settings.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, applicationName + "-publisher-tail",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        // Reading the tail back may take several fetches on a busy broker: three send timeouts, well under the
        // minute after which Axon interrupts a batch.
        PublishedTail tail = new PublishedTail(() -> new KafkaConsumer<>(tailConfig,
                new StringDeserializer(), new ByteArrayDeserializer()), settings.sendTimeout().multipliedBy(3));
        // Axon's token store keeps an identifier of its own in the database, which the event store shares.
        Supplier<String> store = () -> tokenStore.retrieveStorageIdentifier().orElseThrow(() ->
                new IllegalStateException("The token store has no identifier to tell its event store by"));
        return new KafkaEventPublisher(producers, store, tail, storedEvents,
                new EventRecordWriter(EventJson.mapper(), codec.getIfAvailable(), eventSerializer), topics, topic,
                settings.sendTimeout(), traces);
    }

    /**
     * How soon the publisher's producer asks again after a refusal it retries: 5 ms unless
     * {@code caseledger.kafka.client-properties} says otherwise. Right after a batch's commit the transaction
     * coordinator is still writing its markers and refuses the next batch's first partition as a concurrent
     * transaction; the producer asks again after this, or 20 ms, whichever is less, so at Kafka's default (100 ms) a
     * batch that follows another closely waited 20 ms before its first send. Other retries back off from this
     * exponentially, up to {@code retry.backoff.max.ms} (a second), as they did from 100 ms.
     */
    static Object retryBackoff(KafkaSettings settings) {
        return settings.clientProperties().getOrDefault(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    }

    /** The place of an event in the store, looked up by its identifier. */
    @Bean
    StoredEvents storedEvents(JdbcStorageEngine storageEngine) {
        return storageEngine::placeOf;
    }

    /**
     * The publishing processor starts at the tail of the event store with a plain token. Axon's default first token
     * is a replay token, and publishing while "replaying" is what loses events stored before a publisher first ran.
     * It is a tracking processor because that one waits on the event store and wakes as soon as an event is
     * committed; a pooled processor over an embedded event store polls every 500 ms. Handler errors propagate, so
     * the processor retries the batch instead of logging and skipping it.
     *
     * <p>A batch ({@code caseledger.publishing.batch-size}, 1,000 events unless set) is one Kafka transaction and one
     * move of the token. A processor that keeps up finds a few events at a time and sends those; the size bounds a
     * batch only when the publisher is behind (after an outage of the broker, during an import), where fewer, larger
     * transactions catch up faster: about twice as fast with 1,000 as with 100 (deploy/local/README.md).
     */
    @Bean
    ConfigurerModule kafkaPublishingProcessor(@Value("${caseledger.publishing.batch-size:1000}") int batchSize) {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(
                        KafkaEventPublisher.PROCESSING_GROUP,
                        Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerListenerInvocationErrorHandler(
                        KafkaEventPublisher.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * The transactional id of the publishers of one event store to one topic: {@code caseledger-publisher-<topic>-}
     * and the store's identity. A cluster's access rules grant the prefix up to the store's identity.
     */
    static String transactionalId(String topic, String store) {
        return TRANSACTIONAL_ID_PREFIX + topic + "-" + store;
    }
}
