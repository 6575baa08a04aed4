package org.caseledger.appeals.config;

import org.junit.jupiter.api.Test;
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
}
