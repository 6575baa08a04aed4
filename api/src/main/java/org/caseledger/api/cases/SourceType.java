package org.caseledger.api.cases;

/** Where a fact comes from (HURIDOCS source types). */
public enum SourceType {
    RELATIVE_TESTIMONY,
    WITNESS_TESTIMONY,
    VICTIM_TESTIMONY,
    OFFICIAL_DOCUMENT,
    COURT_RECORD,
    MEDIA_REPORT,
    LEAKED_DOCUMENT,
    OTHER
}
