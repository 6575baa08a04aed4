package org.caseledger.notifications.subscription;

/** Where a subscription's messages go. */
public enum Channel {
    /** A Standard Webhooks-signed CloudEvent, POSTed to the subscription's URL. */
    WEBHOOK,
    /** A plain-text e-mail to the subscription's address. */
    EMAIL
}
