package org.caseledger.notifications.ledger;

/** An appeal as this service knows it: which case it is for and which authority it was made to. */
public record KnownAppeal(String appealId, String caseId, String authorityId) {
}
