package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that a source reports the person released, and under which conditions. */
public record RecordRelease(@TargetAggregateIdentifier CaseId caseId,
                            ApproximateDate date,
                            ReleaseConditions conditions,
                            Source source) {
}
