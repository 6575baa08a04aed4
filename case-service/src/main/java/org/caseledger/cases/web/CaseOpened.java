package org.caseledger.cases.web;

/** Answer to a detention report that opened a case. */
record CaseOpened(String caseId, long caseNumber, String eventId, long version) {
}
