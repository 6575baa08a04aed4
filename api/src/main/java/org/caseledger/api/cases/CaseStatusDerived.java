package org.caseledger.api.cases;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * The ledger's reading of the facts changed: what it now holds the person's status to be, which fact decides it,
 * and whether credible sources contradict each other on that. Emitted by the case itself after a fact or a
 * correction, so that every consumer reads the same status without re-deriving it.
 *
 * @param decidingEventId the fact that decides the status; null when no credible fact does ({@code UNKNOWN})
 * @param disputed        credible facts of the deciding date, from different sources, disagree
 * @param contradictions  every contradiction among the facts that count, not only the deciding ones
 */
@Revision("1")
public record CaseStatusDerived(CaseId caseId,
                                CaseStatus status,
                                String decidingEventId,
                                ApproximateDate since,
                                DetentionKind detentionKind,
                                Facility facility,
                                ReleaseConditions releaseConditions,
                                Term term,
                                boolean disputed,
                                List<Contradiction> contradictions) {
}
