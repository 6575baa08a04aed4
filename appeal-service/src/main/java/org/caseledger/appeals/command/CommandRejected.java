package org.caseledger.appeals.command;

/** A command that contradicts what is on record (answering a closed appeal); nothing was stored. */
public class CommandRejected extends RuntimeException {

    public CommandRejected(String reason) {
        super(reason);
    }
}
