package org.caseledger.local;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the services the end-to-end tests started once the last test has run, while the test JVM, and with it the
 * database and the broker they use, is still there. A shutdown hook would race the JVM's exit, and the build's own
 * timeout on it, and could leave service processes running after the build.
 */
public class StopServicesWhenTestsEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ServiceProcess.stopAll();
    }
}
