package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open a case: a person was detained, as a source reports. */
public record ReportDetention(@TargetAggregateIdentifier CaseId caseId,
                              long caseNumber,
                              Person person,
                              Detention detention,
                              Source source) {
}
