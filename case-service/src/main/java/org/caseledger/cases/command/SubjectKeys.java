package org.caseledger.cases.command;

/**
 * The data keys of the case's subjects. Destroying one is what erases a subject: it happens before the erasure is
 * recorded, so that a recording that fails leaves the key destroyed and the erasure to be asked for again, never a
 * ledger that says erased while the key still opens.
 */
public interface SubjectKeys {

    /** Destroys the subject's key, keeping when and why beside it; destroying it again changes nothing. */
    void destroy(String subjectId, String reason);
}
