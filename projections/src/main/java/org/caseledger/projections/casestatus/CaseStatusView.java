package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.media.Schema;
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
 * @param visibility       as last changed; RESTRICTED when never stated
 * @param mergedInto       the case this one was merged into as a duplicate, if it was
 * @param mergedDuplicates the duplicates merged into this case
 * @param version          sequence of the last event of the case applied here
 * @param redacted         the fields withheld from this reader (their values are null here): {@code name} and
 *                         {@code person} when the reader's role may not see the person's data of a case of this
 *                         visibility; empty when nothing was withheld
 */
@Schema(example = """
        {"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "caseNumber": 1042, "name": "Nurlan Kokteubaev",
         "person": {"name": "Nurlan Kokteubaev", "gender": "MALE",
                    "nameVariants": [{"text": "Нурлан Коктеубаев", "script": "CYRILLIC"}],
                    "birth": {"year": null, "ageFrom": 40, "ageTo": 49, "ageAsOfYear": 2017}, "ethnicity": "Kazakh",
                    "citizenships": ["KZ"], "hometown": {"county": "Zhaosu", "prefecture": "Ili"}, "occupation": null},
         "status": "RELEASED", "statusSince": "2018-12",
         "decidingFact": {"eventId": "a3d1c9e7-2b4f-4e6a-8c0d-1f2e3d4c5b6a", "type": "ReleaseRecorded",
                          "since": "2018-12"},
         "detentionKind": null, "facility": null, "releaseConditions": "SURVEILLANCE", "term": null,
         "disputed": false,
         "contradictions": [], "counts": {"testimonies": 1, "evidence": 0, "relatives": 1}, "visibility": "RESTRICTED",
         "mergedInto": null, "mergedDuplicates": [], "lastEventAt": "2019-03-02T10:15:30Z", "version": 5,
         "redacted": []}""")
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
                      long version,
                      List<String> redacted) {

    static final List<String> PERSONAL_FIELDS = List.of("name", "person");

    /** The same case with the person's data withheld, and saying so. */
    CaseStatusView withoutPerson() {
        return new CaseStatusView(caseId, caseNumber, null, null, status, statusSince, decidingFact, detentionKind,
                facility, releaseConditions, term, disputed, contradictions, counts, visibility, mergedInto,
                mergedDuplicates, lastEventAt, version, PERSONAL_FIELDS);
    }

    /** The same case shown with the given visibility, by which it is then redacted. */
    CaseStatusView shownAs(Visibility shown) {
        return new CaseStatusView(caseId, caseNumber, name, person, status, statusSince, decidingFact, detentionKind,
                facility, releaseConditions, term, disputed, contradictions, counts, shown, mergedInto,
                mergedDuplicates, lastEventAt, version, redacted);
    }

    boolean showsPerson() {
        return !redacted.containsAll(PERSONAL_FIELDS);
    }

    /** The event a status rests on, its type and its date. */
    record DecidingFact(String eventId, String type, String since) {
    }

    record FactCounts(long testimonies, long evidence, long relatives) {
    }
}
