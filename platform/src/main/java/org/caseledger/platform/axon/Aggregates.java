package org.caseledger.platform.axon;

import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

/** How the command services register their event-sourced aggregates. */
public final class Aggregates {

    private Aggregates() {
    }

    /**
     * An aggregate loaded only from its own history. Axon reads the events under an id whatever kind of aggregate
     * wrote them, and an appeal built from an authority's history fails as an incompatible aggregate; here an id of
     * another kind is what it is for this one: not on record.
     */
    public static <T> AggregateConfigurer<T> eventSourced(Class<T> type) {
        AggregateModel<T> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(type);
        return AggregateConfigurer.defaultConfiguration(type)
                .configureAggregateFactory(configuration -> new OwnHistoryOnly<>(model));
    }

    private static final class OwnHistoryOnly<T> implements AggregateFactory<T> {

        private final String typeName;
        private final AggregateFactory<T> factory;

        OwnHistoryOnly(AggregateModel<T> model) {
            this.typeName = model.type();
            this.factory = new GenericAggregateFactory<>(model);
        }

        @Override
        public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
            if (firstEvent.getType() != null && !firstEvent.getType().equals(typeName)) {
                throw new AggregateNotFoundException(aggregateIdentifier,
                        "No " + typeName + " is on record under this id; it names a " + firstEvent.getType());
            }
            return factory.createAggregateRoot(aggregateIdentifier, firstEvent);
        }

        @Override
        public Class<T> getAggregateType() {
            return factory.getAggregateType();
        }
    }
}
