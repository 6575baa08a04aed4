package org.caseledger.projections.statistics;

import org.caseledger.api.cases.Birth;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The years a person can have been born in, as the statistics count ages by them. */
class BornBetweenTest {

    @Test
    void knownBirthYearIsTheOneYear() {
        assertThat(StatisticsProjection.bornBetween(new Birth(1970, 40, 49, 2018))).containsExactly(1970, 1970);
    }

    @Test
    void ageRangeInAYearGivesTheYearsItAllows() {
        assertThat(StatisticsProjection.bornBetween(new Birth(null, 40, 49, 2018))).containsExactly(1969, 1978);
    }

    @Test
    void ageRangeGivenTheWrongWayRoundGivesTheSameYears() {
        assertThat(StatisticsProjection.bornBetween(new Birth(null, 49, 40, 2018))).containsExactly(1969, 1978);
    }

    @Test
    void oneAgeAloneGivesOneYear() {
        assertThat(StatisticsProjection.bornBetween(new Birth(null, 40, null, 2018))).containsExactly(1978, 1978);
        assertThat(StatisticsProjection.bornBetween(new Birth(null, null, 49, 2018))).containsExactly(1969, 1969);
    }

    @Test
    void agesWithoutTheYearTheyHeldInOrNoAgeAtAllGiveNothing() {
        assertThat(StatisticsProjection.bornBetween(new Birth(null, 40, 49, null))).containsExactly(null, null);
        assertThat(StatisticsProjection.bornBetween(new Birth(null, null, null, 2018))).containsExactly(null, null);
        assertThat(StatisticsProjection.bornBetween(null)).containsExactly(null, null);
    }
}
