package org.caseledger.appeals.web;

/** Answer to a fact added to an existing appeal. */
record FactRecorded(String appealId) {
}
