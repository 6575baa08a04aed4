package org.caseledger.platform.web;

import java.util.Optional;

/**
 * The conditions a client may put on a write: an {@code Idempotency-Key} that makes a retry safe, and an
 * {@code If-Match} with the version it last saw, so that it does not overwrite a change it has not read.
 *
 * @param requestLine method and path of the request, e.g. {@code POST /api/cases/c-1/releases}: with the body, what
 *                    an idempotency key is bound to
 */
public record WriteConditions(Optional<String> idempotencyKey, Long expectedVersion, String requestLine) {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String IF_MATCH = "If-Match";
    public static final String REPLAYED = "Idempotency-Replayed";
}
