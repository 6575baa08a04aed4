package org.caseledger.api.cases;

/**
 * Who may see a case or a testimony: everyone, operators and analysts, or only those cleared for it. A case whose
 * visibility was never stated (every case until its first {@link CaseVisibilityChanged}) is {@link #RESTRICTED}.
 */
public enum Visibility {
    PUBLIC,
    RESTRICTED,
    CONFIDENTIAL;

    /** The visibility that holds when the one stated may be absent. */
    public static Visibility orDefault(Visibility stated) {
        return stated == null ? RESTRICTED : stated;
    }
}
