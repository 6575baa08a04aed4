package org.caseledger.bench.history;

import java.util.List;

/** Everything recorded about one person: their case, perhaps a duplicate report of them, and their family's appeals. */
public record PersonHistory(long number, List<Step> steps) {

    /** How many requests the history sends. */
    public int requests() {
        return steps.size();
    }
}
