package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

/** The person was reported to have left the country. */
@Revision("1")
public record DepartureReported(CaseId caseId,
                                ApproximateDate date,
                                String destinationCountry,
                                Source source) {
}
