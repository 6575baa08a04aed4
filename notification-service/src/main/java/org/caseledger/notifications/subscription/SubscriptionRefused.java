package org.caseledger.notifications.subscription;

/**
 * A subscription that cannot be made as asked, naming the field and what would be accepted.
 *
 * @param unprocessable true when the request was well-formed but names something this service will not accept (a
 *                      forbidden address, a case it does not know); false for a malformed request
 */
public class SubscriptionRefused extends RuntimeException {

    private final String field;
    private final String reason;
    private final boolean unprocessable;

    SubscriptionRefused(String field, String detail, boolean unprocessable) {
        super(field + ": " + detail);
        this.field = field;
        this.reason = detail;
        this.unprocessable = unprocessable;
    }

    public String field() {
        return field;
    }

    /** What was wrong with the field and what would be accepted, without the field's name. */
    public String reason() {
        return reason;
    }

    public boolean unprocessable() {
        return unprocessable;
    }
}
