package org.caseledger.projections.statistics;

import java.util.List;
import java.util.Map;

/**
 * Facts of one kind counted by their own dates, in the precision they were reported in: a fact known to the month
 * or the day is counted in its month ({@code 2017-11}); a fact known only to the year in {@code byYearOnly}, never
 * spread over its months.
 *
 * @param n       the facts counted: neither retracted nor from an unlikely source, of cases under the filters
 * @param unknown those of them reported without a date
 */
record FactsOverTime(Count n, Count unknown, Map<String, String> filters, List<Cell> byMonth,
                     List<Cell> byYearOnly) {
}
