package org.caseledger.platform.axon;

import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.modelling.command.inspection.AggregateMetaModelFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

import java.time.Clock;

/** How the command services register their event-sourced aggregates. */
public final class Aggregates {

    private Aggregates() {
    }

    /**
     * An aggregate loaded only from its own history. Axon otherwise reads the events under an id whatever kind of
     * aggregate wrote them, and an appeal built from an authority's history fails as an incompatible aggregate; read
     * by its own kind alone, an id of another kind is what it is for this one: not on record.
     */
    public static <T> AggregateConfigurer<T> eventSourced(Class<T> type) {
        return AggregateConfigurer.defaultConfiguration(type).configureFilterEventsByType(configuration -> true);
    }

    /**
     * {@link #eventSourced}, its own history filtered by type here, with the aggregates last written held in memory
     * ({@link HeldEventSourcingRepository}); the repository otherwise as Axon would make it: the same model, factory,
     * lock, event store and spans. A repository given to the configurer replaces the one its filter setting would make.
     */
    public static <T> AggregateConfigurer<T> eventSourcedAndHeld(Class<T> type,
                                                                 HeldEventSourcingRepository.Holding holding) {
        return eventSourcedAndHeld(type, holding, Clock.systemUTC());
    }

    static <T> AggregateConfigurer<T> eventSourcedAndHeld(Class<T> type, HeldEventSourcingRepository.Holding holding,
                                                          Clock clock) {
        AggregateConfigurer<T> aggregate = AggregateConfigurer.defaultConfiguration(type);
        return aggregate.configureRepository(configuration -> new HeldEventSourcingRepository<>(
                EventSourcingRepository.builder(type)
                        .aggregateModel(configuration.getComponent(AggregateMetaModelFactory.class,
                                        () -> new AnnotatedAggregateMetaModelFactory(
                                                configuration.parameterResolverFactory(),
                                                configuration.handlerDefinition(type)))
                                .createModel(type))
                        .aggregateFactory(aggregate.aggregateFactory())
                        .lockFactory(PessimisticLockFactory.usingDefaults())
                        .eventStore(configuration.eventStore())
                        .repositoryProvider(configuration::repository)
                        .spanFactory(configuration.getComponent(RepositorySpanFactory.class))
                        .filterByAggregateType(),
                configuration.eventStore(), holding, clock));
    }
}
