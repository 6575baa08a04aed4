package org.caseledger.api.cases;

/** The source a fact was taken from. */
public record Source(SourceType type) {
}
