package org.caseledger.api.cases;

/** A prison term; both zero with {@code life} for a life sentence. */
public record Term(int years, int months, boolean life) {
}
