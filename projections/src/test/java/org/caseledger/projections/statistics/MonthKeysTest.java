package org.caseledger.projections.statistics;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class MonthKeysTest {

    @Test
    void yearsAndMonthsAreWrittenAsTheFormatterWritesThem() {
        for (int year : new int[] {Integer.MIN_VALUE, -10000, -999, -5, 0, 7, 42, 999, 1900, 2017, 2999, 10000,
                Integer.MAX_VALUE}) {
            assertThat(MonthKeys.year(year)).isEqualTo(String.format(Locale.ROOT, "%04d", year));
            for (int month = 1; month <= 12; month++) {
                assertThat(MonthKeys.month(year, month)).isEqualTo(String.format(Locale.ROOT, "%04d-%02d", year, month));
            }
        }
    }

    @Test
    void everyYearTheLedgerTakesHasFourDigits() {
        assertThat(MonthKeys.month(1900, 1)).isEqualTo("1900-01");
        assertThat(MonthKeys.month(2999, 12)).isEqualTo("2999-12");
        assertThat(MonthKeys.year(2018)).isEqualTo("2018");
    }
}
