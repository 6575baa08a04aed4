package org.caseledger.platform.axon;

import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An event-sourced repository that holds the aggregates it last wrote in memory, and uses one again only once the
 * store has said that nothing was appended to it since: one query for the highest sequence number stored under the
 * aggregate's id, in place of reading its events, opening their personal values and applying them.
 *
 * <p>Two instances of a service write to one store, and either may have written to an aggregate the other holds. A
 * held aggregate whose version is not the store's highest sequence number under its id is dropped and the aggregate
 * read from its events, as if it had never been held. The check and the append are not one step: an append by the
 * other instance between them still meets this one's at the store's unique key on aggregate and sequence number, a
 * conflict, as it does without the memory.
 *
 * <p>An aggregate is taken out of the memory while a unit of work uses it, and put back only once that unit of work
 * has committed, so that the state of a write that was refused or rolled back is never used again. It is not put back
 * after a command {@code forgetAfter} names (an erasure: the aggregate holds the values just erased, which read from
 * the store again are withheld). The memory holds at most {@code entries} aggregates, each for {@code holdFor} after
 * it was put at most (dropped when next looked at after that), and drops those put longest ago first.
 */
public final class HeldEventSourcingRepository<T> extends EventSourcingRepository<T> {

    /**
     * How aggregates are held.
     *
     * @param entries     aggregates held at most; 0 holds none
     * @param holdFor     how long after its last write an aggregate may be used from memory
     * @param forgetAfter the commands after which the aggregate they wrote is not held
     */
    public record Holding(int entries, Duration holdFor, Predicate<Object> forgetAfter) {
        public Holding {
            if (entries < 0) {
                throw new IllegalArgumentException("The aggregates held in memory are 0 or more, not " + entries);
            }
            if (holdFor.isNegative()) {
                throw new IllegalArgumentException("Aggregates are held for no time or some, not " + holdFor);
            }
        }
    }

    private record Held<T>(EventSourcedAggregate<T> aggregate, Instant until) {
    }

    private final EventStore eventStore;
    private final Holding holding;
    private final Clock clock;
    /** Held aggregates by id, those put longest ago first. */
    private final LinkedHashMap<String, Held<T>> held = new LinkedHashMap<>();

    HeldEventSourcingRepository(Builder<T> builder, EventStore eventStore, Holding holding, Clock clock) {
        super(builder);
        this.eventStore = eventStore;
        this.holding = holding;
        this.clock = clock;
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        EventSourcedAggregate<T> aggregate = take(aggregateIdentifier);
        if (aggregate != null && !aggregate.isDeleted()
                && Optional.ofNullable(aggregate.version())
                        .equals(eventStore.lastSequenceNumberFor(aggregateIdentifier))) {
            return aggregate;
        }
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Message<?> command = unitOfWork.getMessage();
        if (holding.entries() > 0 && (command == null || !holding.forgetAfter().test(command.getPayload()))) {
            // Registered on the unit of work that used the aggregate; one nested in another runs it when the
            // outermost commits, never when that rolls back.
            unitOfWork.afterCommit(committed -> put(aggregate.identifierAsString(), aggregate));
        }
    }

    /** The aggregate held under this id, taken out of the memory, if it is held and its time has not run out. */
    private synchronized EventSourcedAggregate<T> take(String aggregateIdentifier) {
        Instant now = clock.instant();
        Held<T> found = held.remove(aggregateIdentifier);
        dropRunOut(now);
        return found != null && found.until().isAfter(now) ? found.aggregate() : null;
    }

    private synchronized void put(String aggregateIdentifier, EventSourcedAggregate<T> aggregate) {
        Instant now = clock.instant();
        held.remove(aggregateIdentifier);
        held.put(aggregateIdentifier, new Held<>(aggregate, now.plus(holding.holdFor())));
        dropRunOut(now);
        Iterator<Held<T>> oldest = held.values().iterator();
        while (held.size() > holding.entries()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Drops the aggregates whose time has run out: those put longest ago, first in the memory's order. */
    private void dropRunOut(Instant now) {
        Iterator<Map.Entry<String, Held<T>>> oldest = held.entrySet().iterator();
        while (oldest.hasNext() && !oldest.next().getValue().until().isAfter(now)) {
            oldest.remove();
        }
    }
}
