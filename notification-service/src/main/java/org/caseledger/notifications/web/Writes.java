package org.caseledger.notifications.web;

import org.caseledger.platform.idempotency.IdempotentRequests;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * Every write of this API in one transaction with its Idempotency-Key record: a retry with the same key gets the
 * first answer (a new subscription's secret included) and changes nothing.
 */
@Component
class Writes {

    private final TransactionTemplate transaction;
    private final IdempotentRequests idempotentRequests;

    Writes(TransactionTemplate transaction, IdempotentRequests idempotentRequests) {
        this.transaction = transaction;
        this.idempotentRequests = idempotentRequests;
    }

    ResponseEntity<?> write(WriteConditions conditions, String method, String path, Object request,
                            Supplier<ResponseEntity<?>> write) {
        return transaction.execute(status ->
                idempotentRequests.execute(conditions.idempotencyKey(), method, path, request, write));
    }
}
