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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one way a request becomes events in a command service. In one database transaction it claims the request's
 * idempotency key, sends the commands (which check the If-Match version they carry), and stores the outcome with the
 * key; it answers with what was recorded: every event as the unit of work stored it, and what every handler
 * answered. Nothing is read back from the event store afterwards.
 *
 * <p>The transaction is owned by an Axon unit of work rather than opened around one: Axon wakes the event processors
 * after its unit of work commits, and a transaction still open around it would make them look too early and wait
 * for their next poll. Writes that are to share one transaction (an import's rows) are sent together as a batch
 * ({@link #sendAll}): all or none of each write recorded still, a refused write dropped while the batch goes on, and
 * nothing recorded until the batch commits.
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
        List<Recorded.Event> events = new ArrayList<>();
        UnitOfWork<?> unitOfWork = recordingInATransaction(events);
        AtomicReference<Recorded> outcome = new AtomicReference<>();
        ResultMessage<Object> result = unitOfWork.executeWithResult(() -> {
            Optional<String> stored = idempotencyKey.flatMap(key -> idempotency.claim(key, requestLine, request));
            if (stored.isPresent()) {
                outcome.set(json.readValue(stored.get(), Recorded.class).asReplayed());
                return null;
            }
            List<JsonNode> results = new ArrayList<>();
            sendInOrder(List.of(commands), results);
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
     * Sends a batch of writes in one transaction: each write's commands all or none recorded, as {@link #send} does
     * for one, and the whole batch stored in one go. A write that fails in a way {@code refusal} accepts as its own
     * (the record refuses it, its key was used for another request) is answered with that failure and leaves
     * nothing, while the others go on; any other failure ends the batch, which then records nothing.
     *
     * <p>Each write runs in a unit of work nested in the batch's, so a refused one is dropped with its events, and
     * the events of the others are appended together when the batch commits. The keys are claimed, and the
     * outcomes stored, for the whole batch in a statement each ({@link IdempotentRequests#claimAll}). The events a
     * write recorded are told apart by their aggregate: the writes of a batch each write one aggregate, the one they
     * name, and no two the same.
     *
     * @param toBeSent told of the writes whose keys were claimed now, before the first of them is sent: what a
     *                 caller prepares for them all at once (an import makes its cases' data keys)
     * @return what became of each write, in the order given
     */
    public List<Written> sendAll(List<Write> writes, Predicate<RuntimeException> refusal,
                                 Consumer<List<Write>> toBeSent) {
        List<Recorded.Event> events = new ArrayList<>();
        UnitOfWork<?> batch = recordingInATransaction(events);
        Written[] written = new Written[writes.size()];
        ResultMessage<Object> result = batch.executeWithResult(() -> {
            List<IdempotentRequests.Claimed> claims = idempotency.claimAll(writes.stream()
                    .map(write -> new IdempotentRequests.Keyed(write.idempotencyKey(), write.requestLine(),
                            write.request()))
                    .toList());
            List<Write> claimedNow = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (claims.get(i).now()) {
                    claimedNow.add(writes.get(i));
                }
            }
            if (!claimedNow.isEmpty()) {
                toBeSent.accept(claimedNow);
            }
            Map<Integer, List<JsonNode>> done = new LinkedHashMap<>();
            List<String> notDone = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                IdempotentRequests.Claimed claim = claims.get(i);
                if (claim.reused() != null) {
                    written[i] = new Written(null, claim.reused());
                } else if (claim.outcome().isPresent()) {
                    written[i] = new Written(json.readValue(claim.outcome().get(), Recorded.class).asReplayed(), null);
                } else {
                    List<JsonNode> results = new ArrayList<>();
                    RuntimeException refused = sendNested(writes.get(i).commands(), results);
                    if (refused == null) {
                        done.put(i, results);
                    } else if (refusal.test(refused)) {
                        written[i] = new Written(null, refused);
                        notDone.add(writes.get(i).idempotencyKey());
                    } else {
                        throw refused;
                    }
                }
            }
            // As in send: after the event store's own prepare-commit step, which appends the events.
            CurrentUnitOfWork.get().onPrepareCommit(committing -> {
                Map<String, List<Recorded.Event>> byAggregate = new LinkedHashMap<>();
                events.forEach(event -> byAggregate.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>())
                        .add(event));
                Map<String, String> outcomes = new LinkedHashMap<>();
                done.forEach((i, results) -> {
                    Write write = writes.get(i);
                    Recorded recorded = new Recorded(byAggregate.getOrDefault(write.aggregateId(), List.of()),
                            results, false);
                    byAggregate.remove(write.aggregateId());
                    outcomes.put(write.idempotencyKey(), write(recorded));
                    written[i] = new Written(recorded, null);
                });
                if (!byAggregate.isEmpty()) {
                    throw new IllegalStateException("Writes of a batch recorded events of aggregates none of them "
                            + "names: " + byAggregate.keySet());
                }
                idempotency.storeAll(outcomes, notDone);
            });
            return null;
        });
        if (result.isExceptional()) {
            throw rethrown(result.exceptionResult());
        }
        return List.of(written);
    }

    /** Sends the commands in a unit of work nested in the current one; answers the failure that stopped them. */
    private RuntimeException sendNested(List<Object> commandsOfWrite, List<JsonNode> results) {
        UnitOfWork<?> write = DefaultUnitOfWork.startAndGet(null);
        ResultMessage<Object> sent = write.executeWithResult(() -> {
            sendInOrder(commandsOfWrite, results);
            return null;
        });
        return sent.isExceptional() ? rethrown(sent.exceptionResult()) : null;
    }

    /** A root unit of work owning its transaction, its stored events noted in {@code events} by {@link #recorder}. */
    private UnitOfWork<?> recordingInATransaction(List<Recorded.Event> events) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.resources().put(RECORDED_EVENTS, events);
        return unitOfWork;
    }

    /** Sends the commands one after the other, adding what each handler answered to {@code results}. */
    private void sendInOrder(List<Object> commandsOfWrite, List<JsonNode> results) {
        for (Object command : commandsOfWrite) {
            results.add(json.valueToTree(commands.sendAndWait(command)));
        }
    }

    /**
     * One write of a batch ({@link #sendAll}).
     *
     * @param aggregateId the one aggregate its commands write
     */
    public record Write(String idempotencyKey, String requestLine, Object request, String aggregateId,
                        List<Object> commands) {
        public Write {
            commands = List.copyOf(commands);
        }
    }

    /** What became of one write of a batch: what it recorded (before, if replayed), or the failure that refused it. */
    public record Written(Recorded recorded, RuntimeException refused) {
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
