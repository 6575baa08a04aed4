package org.caseledger.cases.web;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.util.function.Function;
import java.util.function.Supplier;

/** How a request becomes events of a case, answered with the event's id and the case's new version as ETag. */
@Component
class CaseWrites {

    private final CommandGateway commands;
    private final CommandWrites writes;
    private final EventStore eventStore;

    CaseWrites(CommandGateway commands, CommandWrites writes, EventStore eventStore) {
        this.commands = commands;
        this.writes = writes;
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
        return writes.write(conditions, path, request, write);
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
