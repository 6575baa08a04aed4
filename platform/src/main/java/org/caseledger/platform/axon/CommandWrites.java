package org.caseledger.platform.axon;

import org.caseledger.platform.idempotency.IdempotentRequests;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.ResponseEntity;

import java.util.function.Supplier;

/**
 * The one way a request becomes events in a command service: in one database transaction, claim the request's
 * idempotency key, run the write (whose commands check the If-Match version they carry), and store its answer.
 */
public class CommandWrites {

    private final CommandTransaction transaction;
    private final IdempotentRequests idempotency;

    CommandWrites(CommandTransaction transaction, IdempotentRequests idempotency) {
        this.transaction = transaction;
        this.idempotency = idempotency;
    }

    public ResponseEntity<?> write(WriteConditions conditions, String path, Object request,
                                   Supplier<ResponseEntity<?>> write) {
        return transaction.execute(() ->
                idempotency.execute(conditions.idempotencyKey(), "POST", path, request, write));
    }
}
