package org.caseledger.local.drill;

/** The nodes of a Kafka cluster that a drill kills and starts again. */
public interface DrillBrokers {

    /** Every node's broker address, comma-separated, as the services are given them. */
    String bootstrapServers();

    /** How many nodes the cluster has. */
    int nodes();

    /** {@code kill -9} of one node: it gets no chance to finish anything it was doing. */
    void kill(int node);

    /** Starts the named nodes again on their ports and log directories, and returns once each serves clients. */
    void start(int... nodes);
}
