package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.CaseId;

import java.time.LocalDate;

/**
 * An appeal was made to an authority for a case; without an answer by {@code responseDueOn} it becomes overdue.
 *
 * @param escalatedFrom the appeal this one escalates, or {@code null}
 */
@Revision("1")
public record AppealFiled(AppealId appealId,
                          CaseId caseId,
                          AuthorityId authorityId,
                          AppealChannel channel,
                          AppellantRole filedBy,
                          LocalDate filedOn,
                          @PersonalData String summary,
                          LocalDate responseDueOn,
                          AppealId escalatedFrom) {
}
