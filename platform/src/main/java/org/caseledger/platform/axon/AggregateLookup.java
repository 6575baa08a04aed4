package org.caseledger.platform.axon;

import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Whether an id is on record, for a request that must name an existing aggregate besides the one it writes to (the
 * case a duplicate is merged into). Nothing on record is ever removed, so an answer of yes stays true.
 */
public class AggregateLookup {

    private final EventStore eventStore;

    AggregateLookup(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public boolean exists(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).isPresent();
    }
}
