package org.caseledger.projections.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The statistics of the cases under the filters: counts only, never a person. A case merged into another counts
 * once, as the case it was merged into.
 *
 * @param exactCounts whether the counts are exact; if not, small cells show as {@code "<5"} and every count is
 *                    rounded to the nearest five
 * @param statusAt    with {@code at}: the cases by what had happened to them by then, by the facts' own dates
 *                    ({@link StatusAt}); absent otherwise
 */
record Statistics(Map<String, String> filters,
                  boolean exactCounts,
                  Breakdown byStatus,
                  Breakdown byDetentionKind,
                  Breakdown byEthnicity,
                  Breakdown byGender,
                  Breakdown byPrefecture,
                  Breakdown byCounty,
                  Breakdown byFacility,
                  Breakdown byYearOfFirstDetention,
                  Breakdown byDecadeOfFirstDetention,
                  Breakdown bySentenceLength,
                  Breakdown byAgeAtFirstDetention,
                  Map<String, FactsOverTime> overTime,
                  AppealStatistics appeals,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Breakdown statusAt) {
}
