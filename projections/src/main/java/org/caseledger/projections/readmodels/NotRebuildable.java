package org.caseledger.projections.readmodels;

/** A read model that cannot be rebuilt beside the live one, and why: what a refused request says. */
public record NotRebuildable(String name, String reason) {
}
