package org.caseledger.api.cases;

/** Two credible facts of the same date, from different sources, that say different things. */
public record Contradiction(String eventId, String contradictedEventId, ApproximateDate date) {
}
