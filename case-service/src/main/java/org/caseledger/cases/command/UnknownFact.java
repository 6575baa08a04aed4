package org.caseledger.cases.command;

/** A correction names an event that is not a fact of this case. */
public class UnknownFact extends RuntimeException {

    public UnknownFact(String message) {
        super(message);
    }
}
