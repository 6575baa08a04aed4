package org.caseledger.local;

import org.caseledger.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test-only clock offset of appeal-service is refused wherever it comes from outside an end-to-end test: by
 * {@code deploy/local/up} in the stack's own Java options, and by the service itself from {@code JAVA_TOOL_OPTIONS},
 * {@code JDK_JAVA_OPTIONS} or its command line when the end-to-end test profile is not active.
 */
class ClockOffsetRefusedIT {

    static final String CLOCK_OFFSET = "-Dcaseledger.testing.clock-offset=P31D";
    static final Path REPOSITORY = Path.of(System.getProperty("caseledger.repository", "../.."));

    @Test
    void appealServiceRefusesToStartWithAClockOffsetFromJavaToolOptions() throws Exception {
        assertRefusedToStart(List.of(), Map.of("JAVA_TOOL_OPTIONS", CLOCK_OFFSET));
    }

    @Test
    void appealServiceRefusesToStartWithAClockOffsetFromJdkJavaOptions() throws Exception {
        assertRefusedToStart(List.of(), Map.of("JDK_JAVA_OPTIONS", CLOCK_OFFSET));
    }

    @Test
    void appealServiceRefusesToStartWithAClockOffsetOnAPlainCommandLine() throws Exception {
        assertRefusedToStart(List.of(CLOCK_OFFSET), Map.of());
    }

    @Test
    void localStackRefusesAClockOffsetInItsJavaOptions() throws Exception {
        Path data = Path.of("target", "refused-stack").toAbsolutePath();
        ProcessBuilder up = new ProcessBuilder("bash", REPOSITORY.resolve("deploy/local/up").toString(), "postgres")
                .redirectErrorStream(true);
        up.environment().put("CASELEDGER_DATA", data.toString());
        up.environment().put("CASELEDGER_JAVA_OPTS", CLOCK_OFFSET);
        Process process = up.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("caseledger.testing.* property").contains("refuses them");
        assertThat(data.resolve("run")).doesNotExist();
    }

    private static void assertRefusedToStart(List<String> jvmOptions, Map<String, String> environment)
            throws InterruptedException, IOException {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        try (ServiceProcess appealService = ServiceProcess.start("appeal-service",
                infrastructure.database("e2e_refused_clock"), infrastructure.kafkaBootstrapServers(), jvmOptions,
                List.of(), environment)) {
            assertThat(appealService.exitCodeWithin(Duration.ofMinutes(2))).as(appealService.output())
                    .hasValueSatisfying(code -> assertThat(code).isNotZero());
            assertThat(appealService.output())
                    .contains("caseledger.testing.clock-offset=P31D")
                    .contains("only end-to-end tests may do")
                    .contains("'end-to-end-test'");
        }
    }
}
