package org.caseledger.notifications.delivery;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** Waiting for its next attempt. */
    PENDING,
    /** The receiver took it (2xx, or the mail server accepted it). */
    DELIVERED,
    /** Every attempt of the schedule failed; {@code POST /api/deliveries/{id}/retry} tries again. */
    DEAD,
    /** Not to be sent: its subscription ended, or the fact it told of was retracted. */
    CANCELLED
}
