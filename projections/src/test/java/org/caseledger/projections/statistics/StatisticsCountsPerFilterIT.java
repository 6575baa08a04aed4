package org.caseledger.projections.statistics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers without a filter and under one filter read from the counts kept (V21, V32) against the same answers read
 * from the rows, one statement per breakdown ({@link StatementPerBreakdownQueries}, the reading the query benchmark
 * keeps as its baseline): figure for figure, for a generated history with merges, retractions, unlikely sources and
 * appeals answered, overdue and closed, with part of it folded into the counts and part still in their changes.
 */
class StatisticsCountsPerFilterIT extends RunningProjections {

    private static final long SEED = 29;

    @Autowired
    StatisticsQueries queries;
    @Autowired
    StatisticsCounts counts;
    @Autowired
    Clock clock;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;
    @Autowired
    @Qualifier("statisticsProjection")
    EventProjection statisticsProjection;
    @Autowired
    @Qualifier("appealsProjection")
    EventProjection appealsProjection;

    @Test
    void answersUnderOneFilterFromTheCountsAsTheRowsTellThem() throws Exception {
        GeneratedLedger ledger = new GeneratedLedger(SEED);
        transactions.executeWithoutResult(status -> ledger.authorities().forEach(this::apply));
        applyCases(ledger, 1, 250);
        counts.foldIn("public");
        applyCases(ledger, 251, 400);
        StatementPerBreakdownQueries rows = new StatementPerBreakdownQueries(jdbc, clock);

        for (StatisticsFilters filters : List.of(
                filters(null, null, null, null, null, null, null, null),
                filters(CaseStatus.DETAINED, null, null, null, null, null, null, null),
                filters(CaseStatus.RELEASED, null, null, null, null, null, null, null),
                filters(null, "Kazakh", null, null, null, null, null, null),
                filters(null, null, Gender.FEMALE, null, null, null, null, null),
                filters(null, null, null, "Ili", null, null, null, null),
                filters(null, null, null, null, "Zhaosu", null, null, null),
                filters(null, null, null, null, null, "106", null, null),
                filters(null, null, null, null, null, null, "2017", "2018-06"),
                filters(null, null, null, null, null, null, "2017-03", null),
                filters(null, null, null, null, null, null, null, "2017-11"),
                filters(null, null, null, null, null, null, "2018-02", "2018-02"),
                filters(null, null, null, null, null, null, "2017-01", "2017-12"))) {
            assertThat(filters.applied().isEmpty() || filters.countedUnder(new HashMap<>()) != null)
                    .as("counts kept for %s", filters.applied()).isTrue();
            for (boolean exactAgesOnly : List.of(false, true)) {
                assertThat(json.writeValueAsString(queries.statistics(filters, exactAgesOnly, true)))
                        .as("the answer under %s (exact ages only: %s) from the counts and from the rows",
                                filters.applied(), exactAgesOnly)
                        .isEqualTo(json.writeValueAsString(rows.statistics(filters, exactAgesOnly, true)));
            }
        }
    }

    @Test
    void twoFiltersOrADayAtAnEdgeOfThePeriodAreReadFromTheRows() {
        assertThat(filters(CaseStatus.DETAINED, null, Gender.FEMALE, null, null, null, null, null)
                .countedUnder(new HashMap<>())).isNull();
        assertThat(filters(null, null, null, "Ili", null, null, "2017", null).countedUnder(new HashMap<>())).isNull();
        assertThat(filters(null, null, null, null, null, null, "2017-03-02", null).countedUnder(new HashMap<>()))
                .isNull();
        assertThat(filters(null, null, null, null, null, null, null, "2018-02-27").countedUnder(new HashMap<>()))
                .isNull();
        assertThat(filters(null, null, null, null, null, null, "2017-03-01", "2018-02-28")
                .countedUnder(new HashMap<>())).isNotNull();
    }

    private void applyCases(GeneratedLedger ledger, long first, long last) {
        transactions.executeWithoutResult(status -> {
            for (long number = first; number <= last; number++) {
                ledger.caseNumber(number).forEach(this::apply);
            }
        });
    }

    private void apply(ConsumedEvent event) {
        (event.topic().equals(Topics.APPEALS) ? appealsProjection : statisticsProjection).apply(event);
    }

    private static StatisticsFilters filters(CaseStatus status, String ethnicity, Gender gender, String prefecture,
                                             String county, String facility, String from, String to) {
        return StatisticsFilters.of(status, ethnicity, gender, prefecture, county, facility, from, to);
    }
}
