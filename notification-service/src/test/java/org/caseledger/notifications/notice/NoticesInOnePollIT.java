package org.caseledger.notifications.notice;

import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;
import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.notifications.support.WebhookReceiver;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Notices} applied to a poll's records at once, as the consumer applies them, against the same records applied
 * one at a time, each to a case of its own: the cases must be known alike, and the same news must reach their
 * subscribers. Applied directly, with case ids no topic carries, so the running consumer never sees them.
 */
class NoticesInOnePollIT extends RunningNotificationService {

    private static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY);
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(7_000_000_000L);

    @Autowired
    Notices notices;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aPollAppliedAtOnceKnowsItsCasesAndNotifiesAsRecordByRecord() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String byRecord = CaseId.random().value();
            String inOnePoll = CaseId.random().value();
            Instant later = Instant.now().plusSeconds(60);
            Function<String, List<ConsumedEvent>> opened = caseId -> {
                CaseId id = CaseId.of(caseId);
                long number = CASE_NUMBERS.incrementAndGet();
                return List.of(event(caseId, 0, new DetentionReported(id, number, new Person("Nurlan Kokteubaev"),
                                new Detention(ApproximateDate.parse("2017-11"), "Zhaosu County", DetentionKind.CAMP),
                                WIFE), later),
                        event(caseId, 1, derived(id, CaseStatus.DETAINED), later));
            };
            Function<String, List<ConsumedEvent>> followed = caseId -> {
                CaseId id = CaseId.of(caseId);
                ConsumedEvent detained = event(caseId, 6, derived(id, CaseStatus.DETAINED), later.plusSeconds(6));
                return List.of(
                        event(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                                ReleaseConditions.SURVEILLANCE, WIFE), later.plusSeconds(2)),
                        event(caseId, 3, derived(id, CaseStatus.RELEASED), later.plusSeconds(2)),
                        event(caseId, 4, derived(id, CaseStatus.RELEASED), later.plusSeconds(4)),
                        event(caseId, 3, derived(id, CaseStatus.DECEASED), later.plusSeconds(3)),
                        event(caseId, 5, new CaseVisibilityChanged(id, Visibility.RESTRICTED, "asked by his wife"),
                                later.plusSeconds(5)),
                        detained,
                        detained,
                        event(caseId, 0, new DetentionReported(id, 1, new Person("Nurlan Kokteubaev"), null, WIFE),
                                later),
                        event(caseId, 5, derived(id, CaseStatus.DECEASED), later.plusSeconds(5)));
            };

            opened.apply(byRecord).forEach(this::recordByRecord);
            inOnePoll(inOnePoll, opened.apply(inOnePoll));
            assertThat(known(inOnePoll)).isEqualTo(known(byRecord)).contains("\"status\": \"DETAINED\"");
            String toByRecord = subscribeWebhook(receiver.url(), byRecord, "STATUS_CHANGED", "RELEASE")
                    .subscriptionId();
            String toInOnePoll = subscribeWebhook(receiver.url(), inOnePoll, "STATUS_CHANGED", "RELEASE")
                    .subscriptionId();

            followed.apply(byRecord).forEach(this::recordByRecord);
            inOnePoll(inOnePoll, followed.apply(inOnePoll));

            assertThat(known(inOnePoll)).isEqualTo(known(byRecord)).contains("\"status\": \"DETAINED\"")
                    .contains("\"visibility\": \"RESTRICTED\"").contains("\"status_sequence\": 6");
            assertThat(news(toInOnePoll)).isEqualTo(news(toByRecord)).containsExactly(
                    "RELEASE {\"date\":\"2018-12\",\"conditions\":\"SURVEILLANCE\"}",
                    "STATUS_CHANGED {\"date\":\"2018-12\",\"status\":\"RELEASED\",\"previousStatus\":\"DETAINED\"}",
                    "STATUS_CHANGED {\"date\":\"2018-12\",\"status\":\"DETAINED\",\"previousStatus\":\"RELEASED\"}");
        }
    }

    /**
     * A case merged into another in a poll is covered by a subscription to the duplicate that may include names, from
     * then on in the same poll: the coverage the poll read before the merge is read again after it.
     */
    @Test
    void aCaseMergedIntoInAPollIsCoveredFromThenOnInThatPoll() {
        String duplicate = CaseId.random().value();
        String survivor = CaseId.random().value();
        Instant later = Instant.now().plusSeconds(60);
        recordByRecord(event(duplicate, 0, new DetentionReported(CaseId.of(duplicate),
                CASE_NUMBERS.incrementAndGet(), new Person("Nurlan Kokteubaev"), null, WIFE), later));
        subscribeEmail("aigul@example.org", duplicate, true, "STATUS_CHANGED");
        String other = CaseId.random().value();

        inOnePoll(List.of(other, duplicate, survivor), List.of(
                event(other, 0, new DetentionReported(CaseId.of(other), CASE_NUMBERS.incrementAndGet(),
                        new Person("Aigul Kokteubaeva"), null, WIFE), later),
                event(duplicate, 1, new CaseMerged(CaseId.of(duplicate), CaseId.of(survivor), "same man"),
                        later.plusSeconds(1)),
                event(survivor, 0, new DetentionReported(CaseId.of(survivor), CASE_NUMBERS.incrementAndGet(),
                        new Person("Nurlan Kokteubaev"), null, WIFE), later.plusSeconds(1))));

        assertThat(jdbc.sql("SELECT case_id FROM person_name WHERE case_id IN (?, ?, ?)")
                .params(other, duplicate, survivor).query(String.class).list())
                .as("the names kept: the survivor's, not those of a case no subscription covers")
                .containsExactly(survivor);
    }

    private void recordByRecord(ConsumedEvent event) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> notices.apply(event));
    }

    private void inOnePoll(String caseId, List<ConsumedEvent> events) {
        inOnePoll(List.of(caseId), events);
    }

    private void inOnePoll(List<String> caseIds, List<ConsumedEvent> events) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            notices.beginBatch(caseIds);
            events.forEach(notices::apply);
            notices.finishBatch();
        });
    }

    /** The case as this service knows it, its id left out. */
    private String known(String caseId) {
        return jdbc.sql("SELECT (to_jsonb(k) - 'case_id' - 'case_number')::TEXT FROM known_case k WHERE case_id = ?")
                .param(caseId).query(String.class).single();
    }

    /** The news a subscription was given, in the order it happened: its kind and facts. */
    private List<String> news(String subscriptionId) {
        return jdbc.sql("SELECT kind || ' ' || facts::TEXT FROM delivery WHERE subscription_id = ? "
                        + "ORDER BY event_time, kind")
                .param(subscriptionId).query(String.class).list();
    }

    private static CaseStatusDerived derived(CaseId id, CaseStatus status) {
        return new CaseStatusDerived(id, status, null, ApproximateDate.parse("2018-12"), null, null, null, null, false,
                List.of());
    }

    private static ConsumedEvent event(String caseId, long sequence, Object payload, Instant storedAt) {
        return new ConsumedEvent(payload.getClass().getSimpleName(), "1", UUID.randomUUID().toString(), caseId,
                sequence, storedAt, Optional.of("volunteer.aigerim"), Optional.empty(), Optional.of(payload),
                Topics.CASES, 0, sequence, () -> {
                });
    }
}
