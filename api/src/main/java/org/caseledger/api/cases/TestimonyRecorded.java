package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;
import org.caseledger.api.PersonalData;

/** A testimony about the person was recorded. */
@Revision("1")
public record TestimonyRecorded(CaseId caseId,
                                String testimonyId,
                                TestimonyGiver givenBy,
                                ApproximateDate date,
                                String language,
                                @PersonalData String summary,
                                boolean consentToPublish,
                                Visibility visibility,
                                Source source) {
}
