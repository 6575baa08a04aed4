package org.caseledger.api.cases;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApproximateDateTest {

    @ParameterizedTest
    @ValueSource(strings = {"2017", "2017-11", "2017-11-04", "2020-02-29", "1900-01-01", "2999-12-31"})
    void keepsThePrecisionTheSourceGave(String text) {
        assertThat(ApproximateDate.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "17", "2017-1", "2017-13", "2017-00", "2019-02-29", "2017-11-31", "2017/11",
            "11-2017", "2017-11-04T10:00", " 2017", "1899", "3000", "２０１７"})
    void rejectsWhatIsNotADate(String text) {
        assertThatThrownBy(() -> ApproximateDate.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spansTheWholePeriodItNames() {
        ApproximateDate november = ApproximateDate.parse("2017-11");

        assertThat(november.earliest()).isEqualTo(LocalDate.of(2017, 11, 1));
        assertThat(november.latest()).isEqualTo(LocalDate.of(2017, 11, 30));
        assertThat(ApproximateDate.parse("2018").latest()).isEqualTo(LocalDate.of(2018, 12, 31));
    }

    @Test
    void ordersByStartThenByEnd() {
        assertThat(ApproximateDate.parse("2017-01")).isLessThan(ApproximateDate.parse("2017"));
        assertThat(ApproximateDate.parse("2017-01-01")).isLessThan(ApproximateDate.parse("2017-01"));
        assertThat(ApproximateDate.parse("2017-11")).isLessThan(ApproximateDate.parse("2017-11-04"));
        assertThat(ApproximateDate.parse("2017-12")).isGreaterThan(ApproximateDate.parse("2017-11-30"));
    }
}
