package org.caseledger.cases.web;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.caseledger.platform.axon.CommandTransaction;
import org.caseledger.platform.idempotency.IdempotentRequests;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a request becomes events: in one transaction, claim the idempotency key, send the command (checking
 * the version the caller names in If-Match), and answer with the event's id and the case's new version as ETag.
 */
@Component
class CaseWrites {

    private final CommandGateway commands;
    private final CommandTransaction transaction;
    private final IdempotentRequests idempotency;
    private final EventStore eventStore;

    CaseWrites(CommandGateway commands, CommandTransaction transaction, IdempotentRequests idempotency,
               EventStore eventStore) {
        this.commands = commands;
        this.transaction = transaction;
        this.idempotency = idempotency;
        this.eventStore = eventStore;
    }

    /** Records a fact on an existing case; the command is built with the version the caller expects. */
    ResponseEntity<?> record(String caseId, String path, WriteConditions conditions, Object request,
                             Function<Long, Object> command) {
        return write(conditions, path, request, () -> {
            String eventId = commands.sendAndWait(command.apply(conditions.expectedVersion()));
            long version = version(caseId);
            return ResponseEntity.status(HttpStatus.CREATED).eTag(etag(version))
                    .body(new FactRecorded(caseId, eventId, version));
        });
    }

    /** Runs a write of several commands or a case opening under the same guarantees. */
    ResponseEntity<?> write(WriteConditions conditions, String path, Object request,
                            Supplier<ResponseEntity<?>> write) {
        return transaction.execute(() ->
                idempotency.execute(conditions.idempotencyKey(), "POST", path, request, write));
    }

    <R> R send(Object command) {
        return commands.sendAndWait(command);
    }

    long version(String caseId) {
        return eventStore.lastSequenceNumberFor(caseId)
                .orElseThrow(() -> new IllegalStateException("Case " + caseId + " has no events"));
    }

    String firstEventId(String caseId) {
        return eventStore.readEvents(caseId).next().getIdentifier();
    }

    boolean exists(String caseId) {
        return eventStore.lastSequenceNumberFor(caseId).isPresent();
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
