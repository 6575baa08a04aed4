package org.caseledger.projections.casestatus;

import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.ReleaseConditions;

import java.time.Instant;

/** A case as the status read model shows it. */
record CaseStatusView(String caseId,
                      long caseNumber,
                      String name,
                      CaseStatus status,
                      String statusSince,
                      DetentionKind detentionKind,
                      ReleaseConditions releaseConditions,
                      Instant lastEventAt,
                      long version) {
}
