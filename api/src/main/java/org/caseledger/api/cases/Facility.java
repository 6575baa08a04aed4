package org.caseledger.api.cases;

/** A facility of the register, as it was named when the fact was recorded. */
public record Facility(String id, String name, String prefecture, String type) {
}
