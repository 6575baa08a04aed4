package org.caseledger.projections.statistics;

import java.util.List;
import java.util.Map;

/**
 * Appeals made for the cases under the filters: in all, per authority, and by the type of the authority's first
 * answer. {@code n} is the appeals filed; {@code unknown}, those to an authority the register has not named here.
 */
record AppealStatistics(Count n, Count unknown, Map<String, String> filters, AppealFigures all,
                        List<AppealFigures> byAuthority, Breakdown byFirstResponseType) {
}
