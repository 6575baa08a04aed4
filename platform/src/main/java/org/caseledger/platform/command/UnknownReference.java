package org.caseledger.platform.command;

/**
 * A command names something that is not on record where it must be (a fact of the case, a known case, a registered
 * authority): the request is well formed, but cannot be recorded as it stands. Nothing was stored.
 */
public class UnknownReference extends RuntimeException {

    private final String field;

    /** @param field the request field that names it, as the client sent it */
    public UnknownReference(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
