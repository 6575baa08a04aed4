package org.caseledger.notifications.subscription;

/** Whether a subscription still receives messages. */
public enum SubscriptionState {
    ACTIVE,
    /** The receiver answered 410 Gone: it wants no more. */
    DISABLED,
    /** Removed through the API; kept so that its deliveries stay explainable. */
    DELETED
}
