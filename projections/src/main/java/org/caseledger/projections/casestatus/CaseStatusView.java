package org.caseledger.projections.casestatus;

import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Contradiction;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.Visibility;

import java.time.Instant;
import java.util.List;

/**
 * A case as the status read model shows it. {@code name} is the person's name as before {@code person} existed,
 * kept for the clients that read it.
 *
 * @param decidingFact     the fact the status rests on; null when no fact decides it ({@code UNKNOWN})
 * @param disputed         credible facts of the deciding date, from different sources, disagree
 * @param counts           testimonies, evidence and relatives on record, retracted ones left out
 * @param visibility       as last changed; null when never changed since the case was opened
 * @param mergedInto       the case this one was merged into as a duplicate, if it was
 * @param mergedDuplicates the duplicates merged into this case
 * @param version          sequence of the last event of the case applied here
 */
record CaseStatusView(String caseId,
                      long caseNumber,
                      String name,
                      Person person,
                      CaseStatus status,
                      String statusSince,
                      DecidingFact decidingFact,
                      DetentionKind detentionKind,
                      Facility facility,
                      ReleaseConditions releaseConditions,
                      Term term,
                      boolean disputed,
                      List<Contradiction> contradictions,
                      FactCounts counts,
                      Visibility visibility,
                      String mergedInto,
                      List<String> mergedDuplicates,
                      Instant lastEventAt,
                      long version) {

    /** The event a status rests on, its type and its date. */
    record DecidingFact(String eventId, String type, String since) {
    }

    record FactCounts(long testimonies, long evidence, long relatives) {
    }
}
