package org.caseledger.projections.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How appeals were answered, all of them or those to one authority. Rates, medians and the longest silence are left
 * out where exact counts are not shown and fewer than five appeals stand behind them.
 *
 * @param authorityId        the authority, in the figures of one authority
 * @param name               its name in the register; absent while the register has not named it here
 * @param filed              appeals filed
 * @param answered           of them, answered at least once
 * @param answerRate         answered / filed
 * @param medianDaysToAnswer days from filing to the first answer, the median over answered appeals
 * @param overdueNow         appeals past their due day with no answer and not closed
 * @param longestSilenceDays days the longest-waiting appeal with no answer and not closed has waited, as of today
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AppealFigures(String authorityId, String name, Count filed, Count answered, Double answerRate,
                     Double medianDaysToAnswer, Count overdueNow, Long longestSilenceDays) {
}
