package org.caseledger.api.cases;

/** When and where a person was taken, and into what kind of detention. */
public record Detention(ApproximateDate date, String place, DetentionKind kind) {
}
