package org.caseledger.local.drill;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaseNumberCheckTest {

    @Test
    void numbersFollowingTheLastIssuedEachOnceAreWhole() {
        CaseNumberCheck check = CaseNumberCheck.of(40, 44, List.of(43L, 41L, 44L, 42L));

        assertThat(check.whole()).isTrue();
        assertThat(check.toString()).isEqualTo("case numbers of the 4 cases opened: 41 to 44, each once, none missing");
    }

    @Test
    void noCaseOpenedIsWhole() {
        assertThat(CaseNumberCheck.of(7, 7, List.of()).whole()).isTrue();
    }

    @Test
    void aNumberGivenToTwoCasesIsNotWhole() {
        CaseNumberCheck check = CaseNumberCheck.of(0, 3, List.of(1L, 2L, 2L, 3L));

        assertThat(check.whole()).isFalse();
        assertThat(check.twice()).containsExactly(2L);
        assertThat(check.missing()).isEmpty();
    }

    @Test
    void aNumberIssuedToNoCaseIsAGap() {
        CaseNumberCheck check = CaseNumberCheck.of(10, 14, List.of(11L, 12L, 14L));

        assertThat(check.whole()).isFalse();
        assertThat(check.missing()).containsExactly(13L);
    }

    @Test
    void aCaseNumberedAtOrBelowTheLastIssuedBeforeTheDrillIsNotWhole() {
        CaseNumberCheck check = CaseNumberCheck.of(10, 12, List.of(10L, 11L, 12L));

        assertThat(check.whole()).isFalse();
        assertThat(check.missing()).containsExactly(10L);
    }

    @Test
    void casesOpenedBeyondTheCounterAreNotWhole() {
        assertThat(CaseNumberCheck.of(10, 11, List.of(11L, 12L)).whole()).isFalse();
    }
}
