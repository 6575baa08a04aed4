package org.caseledger.platform.logging;

import org.slf4j.MDC;

import java.util.UUID;

/**
 * What every log line of one piece of work carries: the correlation id shared by what one request caused, and who
 * acted ({@code recorded_by}: the operator or user, never the person a case is about). In JSON logs they are fields
 * of their own. A request gets a new correlation id, which its commands and their events carry on to the topics;
 * a consumer takes the one on the record it applies.
 */
public final class LogContext {

    public static final String CORRELATION_ID = "correlation_id";
    public static final String RECORDED_BY = "recorded_by";

    private LogContext() {
    }

    /** A correlation id for a request that starts a piece of work. */
    public static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    /** The correlation id of the work this thread does now, or null outside one. */
    public static String correlationId() {
        return MDC.get(CORRELATION_ID);
    }

    /** Runs the work with both on every line it logs; a null value is left out. */
    public static void during(String correlationId, String recordedBy, Runnable work) {
        try (MDC.MDCCloseable correlation = put(CORRELATION_ID, correlationId);
             MDC.MDCCloseable actor = put(RECORDED_BY, recordedBy)) {
            work.run();
        }
    }

    private static MDC.MDCCloseable put(String key, String value) {
        if (value == null) {
            return null;
        }
        return MDC.putCloseable(key, value);
    }
}
