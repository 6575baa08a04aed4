package org.caseledger.api.appeals;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

import java.time.LocalDate;

/** The authority answered the appeal. */
@Revision("1")
public record AppealResponseRecorded(AppealId appealId,
                                     ResponseType type,
                                     LocalDate respondedOn,
                                     @PersonalData String summary) {
}
