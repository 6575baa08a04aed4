package org.caseledger.projections.appeals;

import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealOutcome;
import org.caseledger.api.appeals.AppealStatus;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.ResponseType;

import java.time.LocalDate;

/**
 * An appeal as the read model shows it.
 *
 * @param daysWaiting days from filing to the first answer; while none came, to the closing or to today
 */
record AppealView(String appealId,
                  String caseId,
                  AuthorityView authority,
                  AppealChannel channel,
                  AppellantRole filedBy,
                  LocalDate filedOn,
                  LocalDate responseDueOn,
                  AppealStatus status,
                  long daysWaiting,
                  ResponseType firstResponse,
                  LocalDate firstResponseOn,
                  int followUps,
                  AppealOutcome outcome,
                  LocalDate closedOn,
                  String escalatedFrom,
                  String escalatedTo,
                  long version) {
}
