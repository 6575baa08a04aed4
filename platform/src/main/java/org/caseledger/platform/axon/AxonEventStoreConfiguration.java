package org.caseledger.platform.axon;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.platform.idempotency.IdempotentRequests;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.personaldata.PersonalDataSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Duration;

/** How the command services keep their event store: JSON, and read back promptly by the publisher. */
@AutoConfiguration(beforeName = {"org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration"})
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class AxonEventStoreConfiguration {

    /**
     * JSON for everything Axon stores: events, snapshots, tokens. Never XStream: stored history must stay readable
     * by people and by other tools, and must not deserialise arbitrary classes.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /** Which aggregate a command is for, found in the same members as Axon finds it, searched once per type. */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CommandTargets();
    }

    /** Events with their personal values sealed, where the service holds data keys ({@link PersonalDataCodec}). */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer, ObjectProvider<PersonalDataCodec> codec) {
        PersonalDataCodec sealing = codec.getIfAvailable();
        return sealing == null ? serializer : new PersonalDataSerializer(serializer, sealing);
    }

    /**
     * Axon's JDBC engine as its auto-configuration makes it, but reading an aggregate in one query and without the
     * snapshot lookup ({@link JdbcStorageEngine}). This configuration comes before Axon's, so Axon's engine is not
     * made.
     */
    @Bean
    JdbcStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcStorageEngine.of(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema()));
    }

    /**
     * Events committed in this process wake the publisher at once, once they can be seen ({@link CommittedEventStore}).
     * Events committed by another instance of the service are only seen when the store is next read, after
     * {@code caseledger.event-store.fetch-delay}: Axon's default of a second would add that much to every publication
     * from a second instance.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  @Value("${caseledger.event-store.fetch-delay:100ms}") Duration fetchDelay) {
        EmbeddedEventStore eventStore = new CommittedEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(fetchDelay.toMillis()));
        eventStore.registerDispatchInterceptor(CommandWrites.recorder());
        return eventStore;
    }

    /** A race for an aggregate's next event, lost to another instance, is a concurrency conflict (409), not a 500. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new DuplicateEventKeys();
    }

    @Bean
    CommandWrites commandWrites(CommandGateway commandGateway, TransactionManager transactionManager,
                                IdempotentRequests idempotentRequests) {
        return new CommandWrites(commandGateway, transactionManager, idempotentRequests);
    }

    @Bean
    AggregateLookup aggregateLookup(EventStore eventStore) {
        return new AggregateLookup(eventStore);
    }
}
