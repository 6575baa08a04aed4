package org.caseledger.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.tracing.Span;
import org.caseledger.platform.tracing.TraceContexts;
import org.caseledger.platform.tracing.TracingConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.NoopTracerAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    private static final Logger log = LoggerFactory.getLogger(StructuredLogsTest.class);

    /** Tracing as Spring Boot sets it up in every service, and nothing else. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({OpenTelemetryAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
            MicrometerTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class, TracingConfiguration.class})
    static class NothingElse {
    }

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    /** Spring Boot hands its logging settings to logback as system properties; a service has a JVM to itself. */
    private final Properties systemProperties = (Properties) System.getProperties().clone();

    @AfterEach
    void restoreTheTestsLogging() throws Exception {
        System.setProperties(systemProperties);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void jsonLineOfAPieceOfWorkCarriesItsTraceIdCorrelationIdAndWhoActed(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext service = service("--caseledger.logging.json=true")) {
            service.getBean(TraceContexts.class).continuing(TRACEPARENT, "apply", Span.Kind.CONSUMER, Map.of(), () ->
                    LogContext.during("c0ffee00-0000-4000-8000-000000000001", "volunteer-17",
                            () -> log.info("Applied an event")));
        }

        JsonNode line = lineSaying(output, "Applied an event");
        assertThat(line.path("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(line.path("correlation_id").asText()).isEqualTo("c0ffee00-0000-4000-8000-000000000001");
        assertThat(line.path("recorded_by").asText()).isEqualTo("volunteer-17");
        assertThat(line.path("log").path("level").asText()).isEqualTo("INFO");
    }

    @Test
    void textLineOfAPieceOfWorkCarriesItsTraceIdCorrelationIdAndWhoActed(CapturedOutput output) {
        try (ConfigurableApplicationContext service = service()) {
            service.getBean(TraceContexts.class).continuing(TRACEPARENT, "apply", Span.Kind.CONSUMER, Map.of(), () ->
                    LogContext.during("c0ffee00-0000-4000-8000-000000000002", "volunteer-18",
                            () -> log.info("Applied a traced event")));
            log.info("Did something of no request");
        }

        assertThat(output.getOut().lines().filter(line -> line.contains("Applied a traced event"))).singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("[" + TRACE_ID + ",c0ffee00-0000-4000-8000-000000000002,volunteer-18] "));
        assertThat(output.getOut().lines().filter(line -> line.contains("Did something of no request")))
                .singleElement().satisfies(line -> assertThat(line).doesNotContain("[,").doesNotContain(",]"));
    }

    @Test
    void linesAreTextForAPersonUnlessJsonIsAskedFor(CapturedOutput output) {
        try (ConfigurableApplicationContext ignored = service()) {
            log.info("Applied another event");
        }

        assertThat(output.getOut().lines().filter(line -> line.contains("Applied another event")))
                .singleElement().satisfies(line -> assertThat(line).doesNotStartWith("{"));
    }

    /**
     * An application configured as a service is: Spring Boot's own logging set-up, not the tests' logback-test.xml,
     * which the class loader it is given hides.
     */
    private static ConfigurableApplicationContext service(String... arguments) {
        ClassLoader withoutTestLogging = new ClassLoader(StructuredLogsTest.class.getClassLoader()) {
            @Override
            public URL getResource(String name) {
                return name.startsWith("logback") ? null : super.getResource(name);
            }

            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.startsWith("logback") ? Collections.emptyEnumeration() : super.getResources(name);
            }
        };
        return new SpringApplicationBuilder(NothingElse.class)
                .resourceLoader(new DefaultResourceLoader(withoutTestLogging))
                .web(WebApplicationType.NONE)
                .run(arguments);
    }

    private static JsonNode lineSaying(CapturedOutput output, String message) throws Exception {
        List<String> lines = output.getOut().lines().filter(line -> line.contains(message)).toList();
        assertThat(lines).singleElement().satisfies(line -> assertThat(line).startsWith("{"));
        return new ObjectMapper().readTree(lines.get(0));
    }
}
