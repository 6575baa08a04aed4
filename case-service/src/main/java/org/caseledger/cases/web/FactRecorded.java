package org.caseledger.cases.web;

/** Answer to a fact added to an existing case. */
record FactRecorded(String caseId) {
}
