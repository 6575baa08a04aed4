package org.caseledger.appeals.web;

import java.time.LocalDate;

/** Answer to a request that filed an appeal: its id and the day its response is due. */
record AppealRecorded(String appealId, LocalDate responseDueOn, String escalatedFrom) {
}
