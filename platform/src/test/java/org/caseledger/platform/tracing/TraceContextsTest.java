package org.caseledger.platform.tracing;

import io.micrometer.tracing.Span;
import org.caseledger.platform.testing.ServiceTracing;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace context as a service's tracing, configured by Spring Boot as in every service, reads and writes it. */
class TraceContextsTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String REQUESTS_SPAN = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-" + REQUESTS_SPAN + "-01";

    static ConfigurableApplicationContext service(String... arguments) {
        return ServiceTracing.start(arguments);
    }

    @Test
    void workOfARecordContinuesTheTraceItsTraceparentNamesAndLogsItsTraceId() {
        try (ConfigurableApplicationContext context = service()) {
            TraceContexts traces = context.getBean(TraceContexts.class);
            Map<String, String> seen = new HashMap<>();

            traces.continuing(TRACEPARENT, "apply casestatus", Span.Kind.CONSUMER, Map.of(), () -> {
                seen.put("traceparent", traces.current());
                seen.put("mdc", MDC.get("traceId"));
            });

            assertThat(seen.get("traceparent")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                    .doesNotContain(REQUESTS_SPAN);
            assertThat(seen.get("mdc")).isEqualTo(TRACE_ID);
            assertThat(MDC.get("traceId")).isNull();
            assertThat(traces.current()).isNull();
        }
    }

    @Test
    void workWithoutATraceparentStartsATraceOfItsOwn() {
        try (ConfigurableApplicationContext context = service()) {
            TraceContexts traces = context.getBean(TraceContexts.class);
            Map<String, String> seen = new HashMap<>();

            traces.continuing(null, "apply casestatus", Span.Kind.CONSUMER, Map.of(),
                    () -> seen.put("traceparent", traces.current()));

            assertThat(seen.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(TRACE_ID);
        }
    }

    /** Spring Boot's switch: spans are still made in the process, but no context travels in or out. */
    @Test
    void carriesNothingWhereTracingIsSwitchedOff() {
        try (ConfigurableApplicationContext context = service("--management.tracing.enabled=false")) {

            TraceContexts traces = context.getBean(TraceContexts.class);
            Map<String, String> seen = new HashMap<>();

            traces.continuing(TRACEPARENT, "apply casestatus", Span.Kind.CONSUMER, Map.of(), () -> {
                seen.put("ran", "yes");
                seen.put("traceparent", traces.current());
                seen.put("mdc", MDC.get("traceId"));
            });

            assertThat(seen).containsEntry("ran", "yes").containsEntry("traceparent", null);
            assertThat(seen.get("mdc")).isNotEqualTo(TRACE_ID);
        }
    }
}
