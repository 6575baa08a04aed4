package org.caseledger.notifications.delivery;

import java.time.Instant;

/**
 * One attempt to deliver, and what the receiver answered.
 *
 * @param statusCode the HTTP status a webhook receiver answered, or null (no answer, or e-mail)
 * @param answer     the start of the receiver's answer, or why there was none
 */
public record Attempt(int attempt,
                      Instant attemptedAt,
                      long durationMs,
                      Outcome outcome,
                      Integer statusCode,
                      String answer) {

    /** What an attempt came to. */
    public enum Outcome {
        DELIVERED,
        FAILED,
        /** The receiver answered 410 Gone: it wants no more. */
        GONE
    }
}
