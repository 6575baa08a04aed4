package org.caseledger.platform.axon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.caseledger.api.EventCatalogue;
import org.caseledger.platform.command.Recorded;
import org.caseledger.platform.idempotency.IdempotentRequests;
import org.caseledger.platform.json.EventJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way a request becomes events in a command service. In one database transaction it claims the request's
 * idempotency key, sends the commands (which check the If-Match version they carry), and stores the outcome with the
 * key; it answers with what was recorded: every event as the unit of work stored it, and what every handler
 * answered. Nothing is read back from the event store afterwards.
 *
 * <p>The transaction is owned by an Axon unit of work rather than opened around one: Axon wakes the event processors
 * after its unit of work commits, and a transaction still open around it would make them look too early and wait
 * for their next poll. Writes that are to share one transaction (an import's rows) are sent inside one the caller
 * opened: each is then a savepoint of it ({@link SavepointTransactions}), all or none of a write recorded still, a
 * refused write rolled back to its savepoint while the transaction goes on, and nothing recorded until it commits.
 */
public class CommandWrites {

    private static final String RECORDED_EVENTS = CommandWrites.class.getName() + ".recordedEvents";

    private final CommandGateway commands;
    private final TransactionManager transactionManager;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json = EventJson.mapper();

    CommandWrites(CommandGateway commands, TransactionManager transactionManager, IdempotentRequests idempotency) {
        this.commands = commands;
        this.transactionManager = transactionManager;
        this.idempotency = idempotency;
    }

    /**
     * Sends the commands in order, all or none recorded.
     *
     * @param idempotencyKey the key the client sent, if any
     * @param requestLine    method and path of the request: with the request, what a key is bound to
     * @param request        the request as read, which the commands were built from
     * @return what was recorded; for a retry of a request already recorded under the key, what was recorded then,
     * marked replayed
     */
    public Recorded send(Optional<String> idempotencyKey, String requestLine, Object request, Object... commands) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        List<Recorded.Event> events = new ArrayList<>();
        unitOfWork.resources().put(RECORDED_EVENTS, events);
        AtomicReference<Recorded> outcome = new AtomicReference<>();
        ResultMessage<Object> result = unitOfWork.executeWithResult(() -> {
            Optional<String> stored = idempotencyKey.flatMap(key -> idempotency.claim(key, requestLine, request));
            if (stored.isPresent()) {
                outcome.set(json.readValue(stored.get(), Recorded.class).asReplayed());
                return null;
            }
            List<JsonNode> results = new ArrayList<>();
            for (Object command : commands) {
                results.add(json.valueToTree(this.commands.sendAndWait(command)));
            }
            // Registered once the commands ran, so it runs after the event store's own prepare-commit step, which
            // appends their events and shows them to the recorder.
            CurrentUnitOfWork.get().onPrepareCommit(committing -> {
                Recorded recorded = new Recorded(events, results, false);
                idempotencyKey.ifPresent(key -> idempotency.store(key, write(recorded)));
                outcome.set(recorded);
            });
            return null;
        });
        if (result.isExceptional()) {
            throw rethrown(result.exceptionResult());
        }
        return outcome.get();
    }

    /**
     * Notes every event the event store appends in a unit of work of {@link #send}. Axon calls the event store's
     * dispatch interceptors while the root unit of work prepares to commit, with the events stamped with their
     * aggregate's id and sequence.
     */
    static MessageDispatchInterceptor<EventMessage<?>> recorder() {
        return messages -> (index, event) -> {
            if (event instanceof DomainEventMessage<?> stored && CurrentUnitOfWork.isStarted()) {
                List<Recorded.Event> events = CurrentUnitOfWork.get().root().getResource(RECORDED_EVENTS);
                if (events != null) {
                    events.add(new Recorded.Event(stored.getType(), stored.getAggregateIdentifier(),
                            stored.getSequenceNumber(), stored.getIdentifier(),
                            EventCatalogue.nameOf(stored.getPayloadType())));
                }
            }
            return event;
        };
    }

    private String write(Recorded recorded) {
        try {
            return json.writeValueAsString(recorded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the outcome of a write", e);
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }
}
