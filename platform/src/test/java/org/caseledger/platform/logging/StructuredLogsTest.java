package org.caseledger.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
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
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    private static final Logger log = LoggerFactory.getLogger(StructuredLogsTest.class);

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

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
    void jsonLineOfAPieceOfWorkCarriesItsCorrelationIdAndWhoActed(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ignored = service("--caseledger.logging.json=true")) {
            LogContext.during("c0ffee00-0000-4000-8000-000000000001", "volunteer-17",
                    () -> log.info("Applied an event"));
        }

        JsonNode line = lineSaying(output, "Applied an event");
        assertThat(line.path("correlation_id").asText()).isEqualTo("c0ffee00-0000-4000-8000-000000000001");
        assertThat(line.path("recorded_by").asText()).isEqualTo("volunteer-17");
        assertThat(line.path("log").path("level").asText()).isEqualTo("INFO");
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
