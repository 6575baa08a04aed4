package org.caseledger.projections.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Cases counted by one property. The cells and {@code unknown} together make {@code n}; a case merged into another
 * is not counted.
 *
 * @param n        the cases counted: every one under the filters
 * @param unknown  those of them for which the property is not on record
 * @param disputed those of them whose status credible sources contradict (the status breakdown only)
 * @param filters  the filters applied, as given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Breakdown(Count n, Count unknown, Count disputed, Map<String, String> filters, List<Cell> cells) {

    static Breakdown of(Count n, Count unknown, Map<String, String> filters, List<Cell> cells) {
        return new Breakdown(n, unknown, null, filters, cells);
    }
}
