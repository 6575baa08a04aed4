package org.caseledger.projections.appeals;

import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(example = """
        {"authority": {"authorityId": "kz-foreign-ministry",
                       "name": "Ministry of Foreign Affairs of the Republic of Kazakhstan", "kind": "FOREIGN_MINISTRY",
                       "country": "KZ", "expectedResponseDays": 30},
         "filed": 12, "answered": 7, "byResponseType": {"DENIED": 4, "TOKEN": 3}, "medianDaysToAnswer": 41.0,
         "overdueNow": 3}""")
record AuthorityRecord(AuthorityView authority,
                       long filed,
                       long answered,
                       Map<ResponseType, Long> byResponseType,
                       Double medianDaysToAnswer,
                       long overdueNow) {
}
