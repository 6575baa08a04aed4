package org.caseledger.api.cases;

/** How far a source is to be believed (HURIDOCS reliability). An UNLIKELY fact is kept but decides nothing. */
public enum Reliability {
    HIGH,
    LIKELY,
    UNSURE,
    UNLIKELY,
    UNKNOWN;

    public boolean isCredible() {
        return this != UNLIKELY;
    }
}
