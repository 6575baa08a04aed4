package org.caseledger.local;

import java.nio.file.Path;

/** The environment variables the deploy/local scripts hand to the infrastructure processes. */
final class LocalEnv {

    private LocalEnv() {
    }

    /** {@code $CASELEDGER_DATA}; relative to the working directory when unset, as when started from an IDE. */
    static Path dataRoot() {
        String configured = System.getenv("CASELEDGER_DATA");
        String root = configured == null || configured.isBlank() ? ".local-data" : configured;
        return Path.of(root).toAbsolutePath().normalize();
    }

    static int port(String variable, int defaultPort) {
        String configured = System.getenv(variable);
        if (configured == null || configured.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(configured.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a TCP port, not '" + configured + "'");
        }
    }
}
