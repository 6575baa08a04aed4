package org.caseledger.appeals.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service whose clock a test-only system property would move, unless the profile of the
 * end-to-end tests is active. A JVM picks system properties up from {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} too, so a stray variable in an operator's shell must not be enough to make appeals
 * overdue weeks early: whoever moves the clock has to say, with the profile, that this is a test.
 */
public class TestingClockGuard implements EnvironmentPostProcessor {

    /** The profile the end-to-end tests start the real jar with when they move its clock. */
    public static final String END_TO_END_TEST_PROFILE = "end-to-end-test";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(System.getProperty(ClockConfiguration.TESTING_CLOCK_OFFSET), environment);
    }

    static void check(String offset, Environment environment) {
        if (offset != null && !offset.isBlank() && !environment.matchesProfiles(END_TO_END_TEST_PROFILE)) {
            throw new IllegalStateException("The system property " + ClockConfiguration.TESTING_CLOCK_OFFSET + "="
                    + offset + " would move this service's clock, which only end-to-end tests may do; it was set on "
                    + "the command line or in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS. Remove it, or start with the "
                    + "profile '" + END_TO_END_TEST_PROFILE + "' if this is such a test.");
        }
    }
}
