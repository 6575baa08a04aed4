package org.caseledger.api.cases;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Attach a piece of evidence, identified by the SHA-256 of its file.
 *
 * @param expectedVersion the case version the caller last saw ({@code If-Match}), or null to not check
 */
public record AttachEvidence(@TargetAggregateIdentifier CaseId caseId,
                             String evidenceId,
                             String sha256,
                             String mediaType,
                             String description,
                             String storedAt,
                             String capturedBy,
                             ApproximateDate date,
                             Source source,
                             @TargetAggregateVersion Long expectedVersion) {
}
