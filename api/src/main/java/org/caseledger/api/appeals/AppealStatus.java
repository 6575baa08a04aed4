package org.caseledger.api.appeals;

/** Where an appeal stands, as read models show it. */
public enum AppealStatus {
    PENDING,
    ANSWERED,
    OVERDUE,
    CLOSED
}
