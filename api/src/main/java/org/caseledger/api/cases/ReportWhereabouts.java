package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Record where the person is held now, or that they were moved there.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record ReportWhereabouts(@TargetAggregateIdentifier CaseId caseId,
                                ApproximateDate date,
                                String place,
                                Facility facility,
                                DetentionKind kind,
                                boolean transfer,
                                Source source,
                                @TargetAggregateVersion Long expectedVersion) {
}
