package org.caseledger.platform.command;

/**
 * A command the record refuses: it contradicts what is already on record (a release with no detention, an answer to
 * a closed appeal). Nothing was stored; rewording the request does not help, changing the record first might. Thrown
 * by aggregates, so it knows no framework.
 */
public class Refusal extends RuntimeException {

    public Refusal(String reason) {
        super(reason);
    }
}
