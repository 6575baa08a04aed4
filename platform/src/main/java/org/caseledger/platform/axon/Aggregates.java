package org.caseledger.platform.axon;

import org.axonframework.config.AggregateConfigurer;

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
}
