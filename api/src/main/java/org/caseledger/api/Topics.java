package org.caseledger.api;

/** Names of the Kafka topics the services publish to; part of the contract with every consumer. */
public final class Topics {

    /** Every event of every case, keyed by case id. */
    public static final String CASES = "caseledger.cases.v1";

    /** Every event of every appeal, keyed by appeal id. */
    public static final String APPEALS = "caseledger.appeals.v1";

    private Topics() {
    }
}
