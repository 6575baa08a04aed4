package org.caseledger.projections.timeline;

import io.swagger.v3.oas.annotations.media.Schema;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;

import java.time.Instant;
import java.util.List;

/**
 * Every fact of a case in the order it was recorded, retracted ones included. Not paged: a case holds at most a
 * few hundred facts, and an analyst reads them as a whole.
 *
 * @param version    sequence of the last event of the case applied here
 * @param visibility the case's, RESTRICTED when never stated; the timeline is redacted by it and the reader's role
 */
@Schema(example = """
        {"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "version": 3, "entries": [
          {"eventId": "4f6c2a9e-8d3b-4b1e-9a57-0c2f1d7e5b31", "sequence": 0, "type": "DetentionReported",
           "date": "2017-11",
           "source": {"type": "RELATIVE_TESTIMONY", "reliability": "LIKELY", "reference": "his wife"},
           "recordedBy": "volunteer.aigerim", "recordedAt": "2019-03-02T10:15:30Z",
           "summary": "Case opened: reported detained in a camp at Zhaosu County", "retracted": false,
           "retractedBy": null, "retractionReason": null, "testimony": null, "relative": null, "redacted": []},
          {"eventId": "a3d1c9e7-2b4f-4e6a-8c0d-1f2e3d4c5b6a", "sequence": 2, "type": "ReleaseRecorded",
           "date": "2018-12", "source": {"type": "WITNESS_TESTIMONY", "reliability": "UNSURE", "reference": null},
           "recordedBy": "volunteer.aigerim", "recordedAt": "2019-03-02T10:17:02Z",
           "summary": "Reported released under surveillance", "retracted": false, "retractedBy": null,
           "retractionReason": null, "testimony": null, "relative": null, "redacted": []},
          {"eventId": "9c1d7e3a-5f2b-4a8c-b6d0-3e4f5a6b7c8d", "sequence": 3, "type": "TestimonyRecorded",
           "date": "2019-02", "source": {"type": "RELATIVE_TESTIMONY", "reliability": "LIKELY", "reference": null},
           "recordedBy": "volunteer.aigerim", "recordedAt": "2019-03-02T10:19:40Z",
           "summary": "Testimony recorded from a spouse, in kk", "retracted": false, "retractedBy": null,
           "retractionReason": null,
           "testimony": {"relation": "SPOUSE", "name": null, "language": "kk",
                         "text": "He was taken from home in the night", "visibility": "RESTRICTED"},
           "relative": null, "redacted": ["testimony.name"]}]}""")
record CaseTimeline(String caseId, long version, Visibility visibility, List<Entry> entries) {

    /**
     * @param date         the date the fact gives, as precise as its source; null for corrections, merges and
     *                     visibility changes, which are dated by {@code recordedAt} alone
     * @param retractedBy  the correction that retracted this fact; the fact stays, so the record shows what was said
     * @param testimony    of a TestimonyRecorded: who gave it, in which language, what they said
     * @param relative     of a RelativeLinked: the relative's relation and name
     * @param redacted     the fields withheld from this reader (null here), e.g. {@code recordedBy},
     *                     {@code source.reference}, {@code testimony.text}, {@code testimony.name},
     *                     {@code relative.name}; empty when nothing was withheld
     */
    record Entry(String eventId,
                 long sequence,
                 String type,
                 String date,
                 Source source,
                 String recordedBy,
                 Instant recordedAt,
                 String summary,
                 boolean retracted,
                 String retractedBy,
                 String retractionReason,
                 Testimony testimony,
                 Relative relative,
                 List<String> redacted) {
    }

    /** @param visibility the testimony's own, as recorded with it */
    record Testimony(Relation relation, String name, String language, String text, Visibility visibility) {
    }

    record Relative(Relation relation, String name) {
    }

    /** Where a fact comes from: what kind of source, how reliable, which one. */
    record Source(SourceType type, Reliability reliability, String reference) {
    }
}
