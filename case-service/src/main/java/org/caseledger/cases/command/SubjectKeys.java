package org.caseledger.cases.command;

import java.util.Collection;

/**
 * The data keys of the case's subjects. Destroying one is what erases a subject: it happens before the erasure is
 * recorded, so that a recording that fails leaves the key destroyed and the erasure to be asked for again, never a
 * ledger that says erased while the key still opens.
 */
public interface SubjectKeys {

    /** Destroys the subject's key, keeping when and why beside it; destroying it again changes nothing. */
    void destroy(String subjectId, String reason);

    /**
     * Makes the subject's key now if it has none, so that sealing their values later finds it made. A case's opening
     * makes its person's key before it takes its number: the number's row stays locked until the case is stored, and
     * every other opening waits for it, so making the key there would make them all wait for its statements too.
     */
    void prepare(String subjectId);

    /**
     * {@link #prepare} for many subjects: an import makes the keys of a batch's cases before it opens them. Keys kept
     * in a database make them all in one statement.
     */
    default void prepareAll(Collection<String> subjectIds) {
        subjectIds.forEach(this::prepare);
    }
}
