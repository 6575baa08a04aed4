package org.caseledger.projections.statistics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.history.AsOf;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** Counts of the cases on record, for charts and reports: never a person, only how many. */
@RestController
@Tag(name = "statistics", description = "Counts of cases, facts over time and appeals, each with n and unknowns")
class StatisticsController {

    private static final String EXAMPLE = """
            {"filters":{"prefecture":"Ili"},"exactCounts":true,
             "byStatus":{"n":14,"unknown":1,"disputed":2,"filters":{"prefecture":"Ili"},
                         "cells":[{"key":"DETAINED","count":8},{"key":"SENTENCED","count":3},
                                  {"key":"RELEASED","count":2}]},
             "byFacility":{"n":14,"unknown":5,"filters":{"prefecture":"Ili"},
                           "cells":[{"key":"XJ-0413","label":"Zhaosu County Vocational Skills Education and Training Centre","count":9}]},
             "bySentenceLength":{"n":3,"unknown":0,"filters":{"prefecture":"Ili"},
                                 "cells":[{"key":"10_14","label":"10–14 years","count":2},{"key":"LIFE","label":"life","count":1}]},
             "byAgeAtFirstDetention":{"n":14,"unknown":4,"filters":{"prefecture":"Ili"},
                                      "cells":[{"key":"40","count":1.1},{"key":"41","count":0.1}]},
             "overTime":{"detentions":{"n":15,"unknown":0,"filters":{"prefecture":"Ili"},
                                       "byMonth":[{"key":"2017-11","count":6}],"byYearOnly":[{"key":"2018","count":9}]}},
             "appeals":{"n":6,"unknown":0,"filters":{"prefecture":"Ili"},
                        "all":{"filed":6,"answered":2,"answerRate":0.333,"medianDaysToAnswer":21.0,"overdueNow":3,
                               "longestSilenceDays":412},
                        "byAuthority":[{"authorityId":"kg-foreign-ministry","name":"Ministry of Foreign Affairs of the Kyrgyz Republic",
                                        "filed":6,"answered":2,"answerRate":0.333,"medianDaysToAnswer":21.0,"overdueNow":3,
                                        "longestSilenceDays":412}],
                        "byFirstResponseType":{"n":2,"unknown":0,"filters":{"prefecture":"Ili"},
                                               "cells":[{"key":"DENIED","count":2}]}}}
            """;

    private final StatisticsQueries queries;
    private final CountDisclosure disclosure;
    private final Clock clock;

    StatisticsController(StatisticsQueries queries, CountDisclosure disclosure, Clock clock) {
        this.queries = queries;
        this.disclosure = disclosure;
        this.clock = clock;
    }

    @GetMapping("/api/statistics")
    @Operation(summary = "Cases by status, person, place, detention, sentence and age; facts per month; appeals",
            description = "Every breakdown gives n, its unknowns and the filters applied. A duplicate merged into "
                    + "another case is not counted. Where counts are not exact, a cell under 5 shows as \"<5\" and "
                    + "every count is rounded to the nearest 5. With at (the facts' own dates), statusAt also counts "
                    + "the cases by what had happened to them by the end of that date: detained, sentenced, released "
                    + "or deceased, unknown where a date too coarse leaves it open. With asOf (knowledge time), the "
                    + "statistics as the ledger knew them at that moment: facts, statuses, merges and appeals "
                    + "recorded later not counted, corrections recorded later not applied, silences and overdue "
                    + "appeals counted to that day; with at as well, what was known then of what had happened by at. "
                    + "Every breakdown's filters name asOf. 400 for an asOf that is no moment, still to come, or "
                    + "before the statistics kept every state they had.")
    @ApiResponse(responseCode = "200", description = "The statistics of the cases under the filters",
            content = @Content(schema = @Schema(implementation = Statistics.class),
                    examples = @ExampleObject(value = EXAMPLE)))
    Statistics statistics(
            @RequestParam(required = false) CaseStatus status,
            @RequestParam(required = false) String ethnicity,
            @RequestParam(required = false) Gender gender,
            @RequestParam(required = false) String prefecture,
            @RequestParam(required = false) String county,
            @Parameter(description = "a facility's id in the register") @RequestParam(required = false) String facility,
            @Parameter(description = "first detention on or after: YYYY, YYYY-MM or YYYY-MM-DD")
            @RequestParam(required = false) String detainedFrom,
            @Parameter(description = "first detention on or before: YYYY, YYYY-MM or YYYY-MM-DD")
            @RequestParam(required = false) String detainedTo,
            @Parameter(description = "count only ages known to the year, not age ranges")
            @RequestParam(defaultValue = "false") boolean exactAgesOnly,
            @Parameter(description = "the facts' own time: count the cases by what had happened to them by the end "
                    + "of this date, YYYY, YYYY-MM or YYYY-MM-DD (2018: by 2018-12-31), in statusAt")
            @RequestParam(required = false) String at,
            @Parameter(description = "knowledge time: a moment with its offset (2019-06-30T12:00:00Z) or a day "
                    + "(2019-06-30: by its end, UTC), not in the future; the statistics as known then",
                    example = "2019-06-30")
            @RequestParam(required = false) String asOf) {
        StatisticsFilters filters = StatisticsFilters.of(status, ethnicity, gender, prefecture, county, facility,
                detainedFrom, detainedTo);
        ApproximateDate by = date("at", at);
        KnownAt known = queries.knownAt(AsOf.of(asOf, clock).orElse(null));
        boolean exact = disclosure.exactCounts();
        return queries.statistics(filters, exactAgesOnly, exact, known, by);
    }

    private static ApproximateDate date(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return ApproximateDate.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(field, e.getMessage());
        }
    }
}
