package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open a case: a person was detained, as a source reports. The case is given its citable number as it opens. */
public record ReportDetention(@TargetAggregateIdentifier CaseId caseId,
                              Person person,
                              Detention detention,
                              Source source) {
}
