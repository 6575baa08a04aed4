package org.caseledger.appeals.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestingClockGuardTest {

    @Test
    void refusesAClockOffsetWithoutTheEndToEndTestProfile() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles("production");

        assertThatThrownBy(() -> TestingClockGuard.check("P31D", environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("caseledger.testing.clock-offset=P31D")
                .hasMessageContaining("JAVA_TOOL_OPTIONS")
                .hasMessageContaining("'end-to-end-test'");
    }

    @Test
    void allowsAClockOffsetWhenTheEndToEndTestProfileIsActive() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles("end-to-end-test");

        assertThatCode(() -> TestingClockGuard.check("P31D", environment)).doesNotThrowAnyException();
    }

    @Test
    void startsOnRealTimeWithoutAnOffset() {
        StandardEnvironment environment = new StandardEnvironment();

        assertThatCode(() -> TestingClockGuard.check(null, environment)).doesNotThrowAnyException();
        assertThatCode(() -> TestingClockGuard.check(" ", environment)).doesNotThrowAnyException();
    }

    /** What JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS or the command line set reaches the guard as a system property. */
    @Test
    void refusesAServiceStartedWithTheOffsetAsASystemProperty() {
        String before = System.getProperty(ClockConfiguration.TESTING_CLOCK_OFFSET);
        System.setProperty(ClockConfiguration.TESTING_CLOCK_OFFSET, "P31D");
        try {
            assertThatThrownBy(() -> new TestingClockGuard()
                    .postProcessEnvironment(new StandardEnvironment(), new SpringApplication()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("caseledger.testing.clock-offset=P31D");
        } finally {
            if (before == null) {
                System.clearProperty(ClockConfiguration.TESTING_CLOCK_OFFSET);
            } else {
                System.setProperty(ClockConfiguration.TESTING_CLOCK_OFFSET, before);
            }
        }
    }
}
