package org.caseledger.projections.timeline;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.projections.timeline.TimelineFact.RetractedFact;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineFactTest {

    static final CaseId CASE = new CaseId("case-1");
    static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY);
    static final ApproximateDate MAY_2018 = ApproximateDate.parse("2018-05");

    @Test
    void testimonyIsSummarisedByWhoGaveItNeverByWhatItSays() {
        TimelineFact fact = TimelineFact.of(new TestimonyRecorded(CASE, "testimony-7",
                TestimonyGiver.named(Relation.OTHER_RELATIVE, "Айгүл Нұрлан"), MAY_2018, "kk",
                "Оны түнде алып кетті", true, Visibility.RESTRICTED, WITNESS)).orElseThrow();

        assertThat(fact.summary()).isEqualTo("Testimony recorded from another relative, in kk");
        assertThat(fact.subjectId()).isEqualTo("testimony-7");
        assertThat(fact.date()).isEqualTo(MAY_2018);
        assertThat(fact.source()).isEqualTo(WITNESS);
    }

    @Test
    void relativeIsSummarisedByRelationAndCaseNeverByName() {
        TimelineFact fact = TimelineFact.of(new RelativeLinked(CASE, "relative-2", Relation.SIBLING, "Бауыржан",
                new CaseId("case-9"), MAY_2018, WITNESS)).orElseThrow();

        assertThat(fact.summary()).isEqualTo("Relative put on record: a sibling, who has case case-9");
        assertThat(fact.subjectId()).isEqualTo("relative-2");
    }

    @Test
    void derivedStatusIsNoFactOfTheTimeline() {
        assertThat(TimelineFact.of(new CaseStatusDerived(CASE, CaseStatus.UNKNOWN, null, null, null, null, null,
                null, false, List.of()))).isEmpty();
    }

    @Test
    void correctionNamesTheFactItRetractsByTypeAndDate() {
        TimelineFact fact = TimelineFact.correction(new FactCorrected(CASE, "event-3", "wrong person", WITNESS),
                Optional.of(new RetractedFact("ReleaseRecorded", "2019-10")));

        assertThat(fact.summary()).isEqualTo("Retracted the ReleaseRecorded of 2019-10: wrong person");
        assertThat(fact.date()).isNull();
    }

    @Test
    void longSummaryIsCutBetweenCharactersNeverInsideOne() {
        String description = "📷".repeat(TimelineFact.LONGEST_SUMMARY);
        TimelineFact fact = TimelineFact.of(new EvidenceAttached(CASE, "evidence-1", "00", "image/png",
                description, "vault/00", "volunteer-3", MAY_2018, WITNESS)).orElseThrow();

        String summary = fact.summary();
        assertThat(summary.codePointCount(0, summary.length())).isEqualTo(TimelineFact.LONGEST_SUMMARY);
        assertThat(summary).endsWith("📷…");
        assertThat(Character.isHighSurrogate(summary.charAt(summary.length() - 2))).isFalse();
    }

    @Test
    void summaryThatFitsExactlyIsShownWhole() {
        String prefix = "Evidence attached (image/png): ";
        String description = "📷".repeat(TimelineFact.LONGEST_SUMMARY - prefix.length() - 1) + "!";
        TimelineFact fact = TimelineFact.of(new EvidenceAttached(CASE, "evidence-1", "00", "image/png",
                description, "vault/00", "volunteer-3", MAY_2018, WITNESS)).orElseThrow();

        assertThat(fact.summary()).isEqualTo(prefix + description);
    }
}
