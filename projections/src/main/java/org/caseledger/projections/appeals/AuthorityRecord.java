package org.caseledger.projections.appeals;

import org.caseledger.api.appeals.ResponseType;

import java.util.Map;

/**
 * How an authority has dealt with the appeals made to it.
 *
 * @param answered             appeals with at least one answer
 * @param byResponseType       every answer recorded, first or later, by its type
 * @param medianDaysToAnswer   median days from filing to the first answer; {@code null} before any answer
 * @param overdueNow           appeals past their due day with no answer and not closed
 */
record AuthorityRecord(AuthorityView authority,
                       long filed,
                       long answered,
                       Map<ResponseType, Long> byResponseType,
                       Double medianDaysToAnswer,
                       long overdueNow) {
}
