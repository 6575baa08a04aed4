package org.caseledger.api.cases;

/** When and where a person was taken, and into what kind of detention; the facility when it is known. */
public record Detention(ApproximateDate date, String place, DetentionKind kind, Facility facility) {

    public Detention(ApproximateDate date, String place, DetentionKind kind) {
        this(date, place, kind, null);
    }
}
