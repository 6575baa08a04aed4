package org.caseledger.notifications.notice;

import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.notifications.ledger.KnownAppeal;
import org.caseledger.notifications.ledger.KnownCase;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per row of the table in docs/notifications.md. */
class NoticeRulesTest {

    static final CaseId CASE = CaseId.of("c-1");
    static final AppealId APPEAL = AppealId.of("a-1");
    static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY);
    static final KnownCase DETAINED_AT_1 = new KnownCase(CASE.value(), 42, CaseStatus.DETAINED, 1L, null, null);
    static final KnownAppeal FILED = new KnownAppeal(APPEAL.value(), CASE.value(), "kg-foreign-ministry");

    @Test
    void aDerivedStatusThatDiffersFromTheLastIsAStatusChange() {
        Optional<Notice> notice = NoticeRules.noticeOf(caseEvent(3, derived(CaseStatus.RELEASED, "2018-12")),
                Optional.of(DETAINED_AT_1), Optional.empty());

        assertThat(notice).hasValueSatisfying(news -> {
            assertThat(news.kind()).isEqualTo(EventKind.STATUS_CHANGED);
            assertThat(news.date()).isEqualTo("2018-12");
            assertThat(news.facts()).containsEntry("status", "RELEASED").containsEntry("previousStatus", "DETAINED");
        });
    }

    @Test
    void theFirstStatusOfANewCaseIsItsOpeningNotAChange() {
        KnownCase justOpened = new KnownCase(CASE.value(), 42, null, null, null, null);

        assertThat(NoticeRules.noticeOf(caseEvent(1, derived(CaseStatus.DETAINED, "2017-11")),
                Optional.of(justOpened), Optional.empty())).isEmpty();
    }

    @Test
    void theSameStatusReadAgainWithAnotherDateOrDisputeIsNoNews() {
        assertThat(NoticeRules.noticeOf(caseEvent(3, derived(CaseStatus.DETAINED, "2018-02")),
                Optional.of(DETAINED_AT_1), Optional.empty())).isEmpty();
    }

    @Test
    void aDerivationAtOrBelowTheOneAlreadyReadWasJudgedWhenFirstRead() {
        KnownCase releasedAt5 = new KnownCase(CASE.value(), 42, CaseStatus.RELEASED, 5L, null, null);

        assertThat(NoticeRules.noticeOf(caseEvent(3, derived(CaseStatus.DETAINED, "2017-11")),
                Optional.of(releasedAt5), Optional.empty())).isEmpty();
    }

    @Test
    void aStatusOfACaseNeverSeenOpenedIsNoNews() {
        assertThat(NoticeRules.noticeOf(caseEvent(3, derived(CaseStatus.RELEASED, "2018-12")),
                Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void aReportedReleaseIsARelease() {
        Optional<Notice> notice = NoticeRules.noticeOf(caseEvent(2, new ReleaseRecorded(CASE,
                ApproximateDate.parse("2018-12"), ReleaseConditions.SURVEILLANCE, WIFE)), Optional.of(DETAINED_AT_1),
                Optional.empty());

        assertThat(notice).hasValueSatisfying(news -> {
            assertThat(news.kind()).isEqualTo(EventKind.RELEASE);
            assertThat(news.date()).isEqualTo("2018-12");
            assertThat(news.facts()).containsEntry("conditions", "SURVEILLANCE");
        });
    }

    @Test
    void aReportedSentenceIsASentenceWithItsTermButNotItsCourt() {
        Optional<Notice> notice = NoticeRules.noticeOf(caseEvent(2, new SentenceReported(CASE,
                ApproximateDate.parse("2019-06"), "Ili Intermediate Court", new Term(10, 0, false), WIFE)),
                Optional.of(DETAINED_AT_1), Optional.empty());

        assertThat(notice).hasValueSatisfying(news -> {
            assertThat(news.kind()).isEqualTo(EventKind.SENTENCE);
            assertThat(news.facts()).containsEntry("term", new Term(10, 0, false)).doesNotContainKey("court");
        });
    }

    @Test
    void aReportedDeathIsADeathWithoutItsCircumstances() {
        Optional<Notice> notice = NoticeRules.noticeOf(caseEvent(2, new DeathReported(CASE,
                ApproximateDate.parse("2020-02"), "untreated illness", true, WIFE)), Optional.of(DETAINED_AT_1),
                Optional.empty());

        assertThat(notice).hasValueSatisfying(news -> {
            assertThat(news.kind()).isEqualTo(EventKind.DEATH);
            assertThat(news.facts()).containsEntry("inCustody", true).doesNotContainValue("untreated illness");
        });
    }

    @Test
    void anAnswerToAnAppealIsAnAppealAnsweredForItsCaseWithoutItsSummary() {
        Optional<Notice> notice = NoticeRules.noticeOf(appealEvent(1, new AppealResponseRecorded(APPEAL, CASE,
                ResponseType.DENIED, LocalDate.parse("2025-03-20"), "He is not a citizen")), Optional.empty(),
                Optional.of(FILED));

        assertThat(notice).hasValueSatisfying(news -> {
            assertThat(news.kind()).isEqualTo(EventKind.APPEAL_ANSWERED);
            assertThat(news.caseId()).isEqualTo(CASE.value());
            assertThat(news.date()).isEqualTo("2025-03-20");
            assertThat(news.facts()).containsEntry("responseType", "DENIED")
                    .containsEntry("authorityId", "kg-foreign-ministry").doesNotContainValue("He is not a citizen");
        });
    }

    @Test
    void theSilenceOfAnAuthorityIsAnAppealOverdueDatedByItsDueDay() {
        Optional<Notice> notice = NoticeRules.noticeOf(appealEvent(1, new AppealResponseOverdue(APPEAL,
                AuthorityId.of("kg-foreign-ministry"), LocalDate.parse("2025-04-03"))), Optional.empty(),
                Optional.of(FILED));

        assertThat(notice).hasValueSatisfying(news -> {
            assertThat(news.kind()).isEqualTo(EventKind.APPEAL_OVERDUE);
            assertThat(news.caseId()).isEqualTo(CASE.value());
            assertThat(news.date()).isEqualTo("2025-04-03");
        });
    }

    @Test
    void anAppealEventForAnAppealNeverFiledHereIsNoNews() {
        assertThat(NoticeRules.noticeOf(appealEvent(1, new AppealResponseOverdue(APPEAL,
                AuthorityId.of("kg-foreign-ministry"), LocalDate.parse("2025-04-03"))), Optional.empty(),
                Optional.empty())).isEmpty();
    }

    @Test
    void everyOtherEventIsNoNews() {
        assertThat(NoticeRules.noticeOf(caseEvent(4, new FactCorrected(CASE, "e-2", "confused", WIFE)),
                Optional.of(DETAINED_AT_1), Optional.empty())).isEmpty();
        assertThat(NoticeRules.noticeOf(appealEvent(0, new AppealFiled(APPEAL, CASE,
                AuthorityId.of("kg-foreign-ministry"), AppealChannel.LETTER, AppellantRole.RELATIVE,
                LocalDate.parse("2025-03-04"), "Where is he?", LocalDate.parse("2025-04-03"), null)),
                Optional.empty(), Optional.empty())).isEmpty();
    }

    private static CaseStatusDerived derived(CaseStatus status, String since) {
        return new CaseStatusDerived(CASE, status, "e-1", ApproximateDate.parse(since), null, null, null, null,
                false, List.of());
    }

    private static ConsumedEvent caseEvent(long sequence, Object payload) {
        return event(Topics.CASES, CASE.value(), sequence, payload);
    }

    private static ConsumedEvent appealEvent(long sequence, Object payload) {
        return event(Topics.APPEALS, APPEAL.value(), sequence, payload);
    }

    private static ConsumedEvent event(String topic, String aggregateId, long sequence, Object payload) {
        return new ConsumedEvent(payload.getClass().getSimpleName(), "1", "event-" + sequence, aggregateId, sequence,
                Instant.parse("2025-05-01T10:00:00Z"), Optional.empty(), Optional.empty(), Optional.of(payload), topic, 0,
                sequence, () -> {
                });
    }
}
