package org.caseledger.cases.command;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Contradiction;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per row of docs/status-rules.md, then the rules that choose between facts. */
class StatusRulesTest {

    static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "wife");
    static final Source NEIGHBOUR = new Source(SourceType.WITNESS_TESTIMONY, Reliability.UNSURE, "neighbour");
    static final Source RUMOUR = new Source(SourceType.OTHER, Reliability.UNLIKELY, "rumour");

    private final List<Fact> facts = new ArrayList<>();

    @Test
    void noFactThatSpeaksOfStatusLeavesItUnknown() {
        given("e1", Fact.Kind.TESTIMONY, "2018", WIFE, null);

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.UNKNOWN);
        assertThat(derive().decidingEventId()).isNull();
    }

    @Test
    void detentionMeansDetainedOfItsKind() {
        given("e1", Fact.Kind.DETENTION, "2017-11", WIFE, detained(DetentionKind.CAMP));

        assertThat(derive().reading()).isEqualTo(detained(DetentionKind.CAMP));
        assertThat(derive().decidingEventId()).isEqualTo("e1");
        assertThat(derive().since()).isEqualTo(ApproximateDate.parse("2017-11"));
    }

    @Test
    void whereaboutsMeanDetainedWhereReported() {
        given("e1", Fact.Kind.DETENTION, "2017-11", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.WHEREABOUTS, "2018-03", WIFE, detained(DetentionKind.PRISON));

        assertThat(derive().reading()).isEqualTo(detained(DetentionKind.PRISON));
    }

    @Test
    void lossOfContactMeansMissing() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.CONTACT_LOST, "2018", WIFE, Fact.Reading.of(CaseStatus.MISSING));

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.MISSING);
    }

    @Test
    void reestablishedContactRestoresWhatWasKnownBeforeTheLoss() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.CONTACT_LOST, "2018", WIFE, Fact.Reading.of(CaseStatus.MISSING));
        given("e3", Fact.Kind.CONTACT_REESTABLISHED, "2019", WIFE, null);

        assertThat(derive().reading()).isEqualTo(detained(DetentionKind.CAMP));
        assertThat(derive().decidingEventId()).isEqualTo("e3");
    }

    @Test
    void reestablishedContactWithNothingKnownBeforeIsUnknown() {
        given("e1", Fact.Kind.CONTACT_LOST, "2018", WIFE, Fact.Reading.of(CaseStatus.MISSING));
        given("e2", Fact.Kind.CONTACT_REESTABLISHED, "2019", WIFE, null);

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.UNKNOWN);
    }

    @Test
    void chargesAndTrialsLeaveTheStatusAsItWas() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.PRETRIAL));
        given("e2", Fact.Kind.CHARGE, "2018", WIFE, null);
        given("e3", Fact.Kind.TRIAL, "2018-06", WIFE, null);

        assertThat(derive().reading()).isEqualTo(detained(DetentionKind.PRETRIAL));
        assertThat(derive().decidingEventId()).isEqualTo("e1");
    }

    @Test
    void sentenceMeansSentencedToItsTerm() {
        Term tenYears = new Term(10, 0, false);
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.PRETRIAL));
        given("e2", Fact.Kind.SENTENCE, "2019", WIFE, new Fact.Reading(CaseStatus.SENTENCED, null, null, null, tenYears));

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.SENTENCED);
        assertThat(derive().reading().term()).isEqualTo(tenYears);
    }

    @Test
    void releaseMeansReleasedUnderItsConditions() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.RELEASE, "2018-12", WIFE, released(ReleaseConditions.SURVEILLANCE));

        assertThat(derive().reading()).isEqualTo(released(ReleaseConditions.SURVEILLANCE));
    }

    @Test
    void departureMeansLeftTheCountry() {
        given("e1", Fact.Kind.RELEASE, "2018", WIFE, released(ReleaseConditions.FREE));
        given("e2", Fact.Kind.DEPARTURE, "2019", WIFE, Fact.Reading.of(CaseStatus.LEFT_COUNTRY));

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.LEFT_COUNTRY);
    }

    @Test
    void deathMeansDeceased() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.PRISON));
        given("e2", Fact.Kind.DEATH, "2020-02", WIFE, Fact.Reading.of(CaseStatus.DECEASED));

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.DECEASED);
    }

    @Test
    void testimonyEvidenceAndRelativesLeaveTheStatusAsItWas() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.TESTIMONY, "2019", WIFE, null);
        given("e3", Fact.Kind.EVIDENCE, "2019", WIFE, null);
        given("e4", Fact.Kind.RELATIVE, "2019", WIFE, null);

        assertThat(derive().decidingEventId()).isEqualTo("e1");
    }

    @Test
    void factDatedBeforeTheCurrentOneGoesOnTheTimelineWithoutChangingTheStatus() {
        given("e1", Fact.Kind.DETENTION, "2019-03", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.RELEASE, "2018", WIFE, released(ReleaseConditions.FREE));

        assertThat(derive().reading()).isEqualTo(detained(DetentionKind.CAMP));
    }

    @Test
    void onEqualDatesFromTheSameSourceTheFactRecordedLastDecides() {
        given("e1", Fact.Kind.DETENTION, "2018-12", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.RELEASE, "2018-12", WIFE, released(ReleaseConditions.SURVEILLANCE));

        assertThat(derive().decidingEventId()).isEqualTo("e2");
        assertThat(derive().disputed()).isFalse();
    }

    @Test
    void contradictionOfTheSameDateFromAnotherSourceMarksTheCaseDisputed() {
        given("e1", Fact.Kind.RELEASE, "2018-12", WIFE, released(ReleaseConditions.SURVEILLANCE));
        given("e2", Fact.Kind.WHEREABOUTS, "2018-12", NEIGHBOUR, detained(DetentionKind.CAMP));

        StatusRules.Derivation derivation = derive();

        assertThat(derivation.disputed()).isTrue();
        assertThat(derivation.contradictions())
                .containsExactly(new Contradiction("e2", "e1", ApproximateDate.parse("2018-12")));
        assertThat(derivation.decidingEventId()).isEqualTo("e2");
    }

    @Test
    void laterFactEndsTheDisputeButTheContradictionStaysListed() {
        given("e1", Fact.Kind.RELEASE, "2018-12", WIFE, released(ReleaseConditions.SURVEILLANCE));
        given("e2", Fact.Kind.WHEREABOUTS, "2018-12", NEIGHBOUR, detained(DetentionKind.CAMP));
        given("e3", Fact.Kind.SENTENCE, "2019-05", NEIGHBOUR, new Fact.Reading(CaseStatus.SENTENCED, null, null, null,
                new Term(7, 0, false)));

        assertThat(derive().disputed()).isFalse();
        assertThat(derive().contradictions()).hasSize(1);
        assertThat(derive().reading().status()).isEqualTo(CaseStatus.SENTENCED);
    }

    @Test
    void factFromAnUnlikelySourceDecidesNothing() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.DEATH, "2019", RUMOUR, Fact.Reading.of(CaseStatus.DECEASED));

        assertThat(derive().reading().status()).isEqualTo(CaseStatus.DETAINED);
    }

    @Test
    void retractedFactNoLongerCounts() {
        given("e1", Fact.Kind.DETENTION, "2017", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.RELEASE, "2018", WIFE, released(ReleaseConditions.FREE));
        facts.replaceAll(fact -> fact.eventId().equals("e2") ? fact.retract() : fact);

        assertThat(derive().decidingEventId()).isEqualTo("e1");
    }

    @Test
    void moreVagueDateSortsAfterTheMonthsItContains() {
        given("e1", Fact.Kind.DETENTION, "2018-01", WIFE, detained(DetentionKind.CAMP));
        given("e2", Fact.Kind.RELEASE, "2018", WIFE, released(ReleaseConditions.FREE));

        assertThat(derive().decidingEventId()).isEqualTo("e2");
        assertThat(derive().disputed()).isFalse();
    }

    private void given(String eventId, Fact.Kind kind, String date, Source source, Fact.Reading reading) {
        facts.add(new Fact(eventId, facts.size(), kind, ApproximateDate.parse(date), source, reading, false));
    }

    private StatusRules.Derivation derive() {
        return StatusRules.derive(facts);
    }

    private static Fact.Reading detained(DetentionKind kind) {
        return new Fact.Reading(CaseStatus.DETAINED, kind, null, null, null);
    }

    private static Fact.Reading released(ReleaseConditions conditions) {
        return new Fact.Reading(CaseStatus.RELEASED, null, null, conditions, null);
    }
}
