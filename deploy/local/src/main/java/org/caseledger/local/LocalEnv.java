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

    /** {@code CASELEDGER_KAFKA_BROKERS}: 1 (the default), or 3 for a cluster that outlives the loss of one node. */
    static int kafkaBrokers() {
        String configured = System.getenv("CASELEDGER_KAFKA_BROKERS");
        if (configured == null || configured.isBlank() || configured.trim().equals("1")) {
            return 1;
        }
        if (configured.trim().equals("3")) {
            return 3;
        }
        throw new IllegalArgumentException("CASELEDGER_KAFKA_BROKERS is 1 or 3, not '" + configured + "'");
    }

    /** {@code CASELEDGER_KAFKA_NODE}: which node of the cluster this process is, 1 when unset. */
    static int kafkaNode(int nodes) {
        String configured = System.getenv("CASELEDGER_KAFKA_NODE");
        if (configured == null || configured.isBlank()) {
            return 1;
        }
        try {
            int node = Integer.parseInt(configured.trim());
            if (node < 1 || node > nodes) {
                throw new NumberFormatException();
            }
            return node;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CASELEDGER_KAFKA_NODE must be a node of the " + nodes
                    + "-node cluster (1 to " + nodes + "), not '" + configured + "'");
        }
    }

    /** Node n of a cluster listens on the first node's port plus 2 × (n − 1), so broker and controller ports interleave. */
    static int nodePort(int firstNodePort, int node) {
        return firstNodePort + 2 * (node - 1);
    }
}
