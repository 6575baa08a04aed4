package org.caseledger.platform.idempotency;

/** An idempotency key that already stands for another request; nothing was stored for this one. */
public class IdempotencyKeyReused extends RuntimeException {

    IdempotencyKeyReused(String detail) {
        super(detail);
    }
}
