package org.caseledger.notifications.notice;

import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.notifications.delivery.Deliveries;
import org.caseledger.notifications.delivery.DeliveryQueue;
import org.caseledger.notifications.ledger.KnownFacts;
import org.caseledger.notifications.personaldata.PersonNames;
import org.caseledger.notifications.subscription.Subscriptions;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** What {@link Notices} reads for each event, beside what it writes. */
class NoticesTest {

    private static final CaseId CASE = CaseId.of("c-1");

    private final KnownFacts knownFacts = mock(KnownFacts.class);
    private final Notices notices = new Notices(knownFacts, mock(PersonNames.class), mock(Subscriptions.class),
            mock(Deliveries.class), mock(DeliveryQueue.class), Clock.systemUTC());

    @Test
    void onlyADerivedStatusReadsTheCaseAsKnownBeforeIt() {
        notices.apply(caseEvent(2, new ReleaseRecorded(CASE, ApproximateDate.parse("2018-12"),
                ReleaseConditions.SURVEILLANCE, new Source(SourceType.RELATIVE_TESTIMONY))));

        verify(knownFacts, never()).knownCase(any());

        notices.apply(caseEvent(3, new CaseStatusDerived(CASE, CaseStatus.RELEASED, "event-2",
                ApproximateDate.parse("2018-12"), null, null, null, null, false, List.of())));

        verify(knownFacts).knownCase(CASE.value());
    }

    private static ConsumedEvent caseEvent(long sequence, Object payload) {
        return new ConsumedEvent(payload.getClass().getSimpleName(), "1", "event-" + sequence, CASE.value(), sequence,
                Instant.parse("2025-05-01T10:00:00Z"), Optional.empty(), Optional.empty(), Optional.of(payload),
                Topics.CASES, 0, sequence, () -> {
                });
    }
}
