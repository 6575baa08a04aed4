package org.caseledger.cases.web;

/** Answer to a write on a case: the event that records it, which a correction can name, and the case's version. */
record FactRecorded(String caseId, String eventId, long version) {
}
