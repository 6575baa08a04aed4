package org.caseledger.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aPortGivenToOneTestJvmIsNotGivenToAnotherWhileTheFirstRuns() throws Exception {
        int given = FreePorts.take(1)[0];
        int neverGiven = FreePorts.take(1)[0];
        FreePorts.unclaim(neverGiven);

        assertThat(inAnotherJvm(given)).isEqualTo("none");
        assertThat(inAnotherJvm(neverGiven)).isEqualTo(String.valueOf(neverGiven));
    }

    @Test
    void aPortGivenIsNotGivenAgainInTheSameJvm() {
        int given = FreePorts.take(1)[0];

        assertThatThrownBy(() -> FreePorts.takeBetween(1, given, given + 1))
                .hasMessage("no 1 free ports between " + given + " and " + (given + 1));
    }

    /** What another JVM is given when it asks for the one port: the port, or "none". */
    private static String inAnotherJvm(int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OtherJvm.class.getName(), String.valueOf(port))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the other JVM answers").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    /** Another test JVM on the same machine, asking for one port. */
    public static final class OtherJvm {

        public static void main(String[] args) {
            int port = Integer.parseInt(args[0]);
            try {
                System.out.println(FreePorts.takeBetween(1, port, port + 1)[0]);
            } catch (IllegalStateException e) {
                System.out.println("none");
            }
        }
    }
}
