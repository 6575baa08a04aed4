package org.caseledger.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * W3C trace context as one text, {@code traceparent}, which a command's and an event's metadata and a Kafka record's
 * headers carry: the trace of a request goes on through the event store and the topic into every consumer's work.
 * While a span is current, Micrometer Tracing puts its ids on every log line ({@code traceId}, {@code spanId}).
 * With tracing switched off ({@code management.tracing.enabled=false}) nothing is carried and work runs as it is.
 */
public final class TraceContexts {

    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Where tracing is off: no trace context is read or written. */
    public static TraceContexts off() {
        return new TraceContexts(Tracer.NOOP, Propagator.NOOP);
    }

    /**
     * Whether traces are followed at all: where they are not ({@link #off()}), work may as well be run as it is,
     * without reading the trace context it would have continued.
     */
    public boolean followed() {
        return tracer != Tracer.NOOP;
    }

    /**
     * The traceparent of the span current on this thread, or null when there is none. A span left out of the sample
     * has one too, saying so in its flags: the trace is followed whether or not its spans are kept.
     */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Runs the work in a span of its own that continues the given trace context: a child of the span it names, or
     * of the span current on this thread when it names none (or cannot be read).
     *
     * @param kind the span's kind, or null for work inside this process (handling a command)
     */
    public <T> T calling(String traceparent, String spanName, Span.Kind kind, Map<String, String> tags,
                         Callable<T> work) throws Exception {
        Span span = start(traceparent, spanName, kind, tags);
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.call();
        } catch (Exception | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** {@link #calling(String, String, Span.Kind, Map, Callable)} for work that throws no checked exception. */
    public void continuing(String traceparent, String spanName, Span.Kind kind, Map<String, String> tags,
                           Runnable work) {
        try {
            calling(traceparent, spanName, kind, tags, () -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Span start(String traceparent, String spanName, Span.Kind kind, Map<String, String> tags) {
        Span.Builder builder;
        if (traceparent == null) {
            builder = tracer.spanBuilder();
        } else {
            builder = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        }
        builder.name(spanName);
        if (kind != null) {
            builder.kind(kind);
        }
        tags.forEach(builder::tag);
        return builder.start();
    }
}
