package org.caseledger.projections.casestatus;

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
