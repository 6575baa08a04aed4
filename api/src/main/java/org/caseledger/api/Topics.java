package org.caseledger.api;

/** Names of the Kafka topics the services publish to; part of the contract with every consumer. */
public final class Topics {

    /** Every event of every case, keyed by case id. */
    public static final String CASES = "caseledger.cases.v1";

    /** Every event of every appeal, keyed by appeal id. */
    public static final String APPEALS = "caseledger.appeals.v1";

    /** Every signed checkpoint of case-service's and appeal-service's event stores, keyed by the service's name. */
    public static final String CHECKPOINTS = "caseledger.checkpoints.v1";

    private Topics() {
    }
}
