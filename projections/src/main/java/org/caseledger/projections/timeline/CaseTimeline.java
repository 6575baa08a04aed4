package org.caseledger.projections.timeline;

import io.swagger.v3.oas.annotations.media.Schema;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SourceType;

import java.time.Instant;
import java.util.List;

/**
 * Every fact of a case in the order it was recorded, retracted ones included. Not paged: a case holds at most a
 * few hundred facts, and an analyst reads them as a whole.
 *
 * @param version sequence of the last event of the case applied here
 */
@Schema(example = """
        {"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "version": 3, "entries": [
          {"eventId": "4f6c2a9e-8d3b-4b1e-9a57-0c2f1d7e5b31", "sequence": 0, "type": "DetentionReported",
           "date": "2017-11",
           "source": {"type": "RELATIVE_TESTIMONY", "reliability": "LIKELY", "reference": "his wife"},
           "recordedBy": "volunteer.aigerim", "recordedAt": "2019-03-02T10:15:30Z",
           "summary": "Case opened: reported detained in a camp at Zhaosu County", "retracted": false,
           "retractedBy": null, "retractionReason": null},
          {"eventId": "a3d1c9e7-2b4f-4e6a-8c0d-1f2e3d4c5b6a", "sequence": 2, "type": "ReleaseRecorded",
           "date": "2018-12", "source": {"type": "WITNESS_TESTIMONY", "reliability": "UNSURE", "reference": null},
           "recordedBy": "volunteer.aigerim", "recordedAt": "2019-03-02T10:17:02Z",
           "summary": "Reported released under surveillance", "retracted": false, "retractedBy": null,
           "retractionReason": null}]}""")
record CaseTimeline(String caseId, long version, List<Entry> entries) {

    /**
     * @param date         the date the fact gives, as precise as its source; null for corrections, merges and
     *                     visibility changes, which are dated by {@code recordedAt} alone
     * @param retractedBy  the correction that retracted this fact; the fact stays, so the record shows what was said
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
                 String retractionReason) {
    }

    /** Where a fact comes from: what kind of source, how reliable, which one. */
    record Source(SourceType type, Reliability reliability, String reference) {
    }
}
