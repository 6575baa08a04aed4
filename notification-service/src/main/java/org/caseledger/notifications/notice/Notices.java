package org.caseledger.notifications.notice;

import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.notifications.delivery.Deliveries;
import org.caseledger.notifications.delivery.DeliveryQueue;
import org.caseledger.notifications.ledger.KnownAppeal;
import org.caseledger.notifications.ledger.KnownCase;
import org.caseledger.notifications.ledger.KnownFacts;
import org.caseledger.notifications.personaldata.PersonNames;
import org.caseledger.notifications.subscription.Subscription;
import org.caseledger.notifications.subscription.Subscriptions;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Reads both topics, in the transaction that also stores the consumer's position: keeps the facts it needs, decides
 * whether an event is worth a notice ({@link NoticeRules}) and writes one delivery per interested subscription,
 * with its first attempt scheduled. A fact retracted before its notice went out is not sent.
 */
@Component
public class Notices implements EventProjection {

    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    private final KnownFacts knownFacts;
    private final PersonNames personNames;
    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final DeliveryQueue queue;
    private final Clock clock;

    Notices(KnownFacts knownFacts, PersonNames personNames, Subscriptions subscriptions, Deliveries deliveries,
            DeliveryQueue queue, Clock clock) {
        this.knownFacts = knownFacts;
        this.personNames = personNames;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.queue = queue;
        this.clock = clock;
    }

    /** The poll's cases as known, and which of them are covered, are read for the poll at once. */
    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        knownFacts.beginBatch(aggregateIds);
        personNames.beginBatch(aggregateIds);
    }

    @Override
    public void finishBatch() {
        personNames.endBatch();
        knownFacts.finishBatch();
    }

    @Override
    public void abandonBatch() {
        personNames.endBatch();
        knownFacts.abandonBatch();
    }

    /** Within a poll, as one of its records; on its own, as a poll of one. */
    @Override
    public void apply(ConsumedEvent event) {
        if (knownFacts.polling()) {
            applyInPoll(event);
        } else {
            EventProjection.asBatchOfOne(this, event, () -> applyInPoll(event));
        }
    }

    private void applyInPoll(ConsumedEvent event) {
        if (event.payload().isEmpty()) {
            return;
        }
        Optional<Notice> notice = NoticeRules.noticeOf(event, caseBefore(event), appealOf(event));
        knownFacts.apply(event);
        personNames.remember(event);
        event.payloadAs(FactCorrected.class).ifPresent(correction -> {
            int withdrawn = deliveries.withdraw(correction.retractedEventId(),
                    "the fact was retracted by event " + event.eventId() + " before it was delivered", clock.instant());
            if (withdrawn > 0) {
                log.info("{} undelivered notices of retracted event {} withdrawn", withdrawn,
                        correction.retractedEventId());
            }
        });
        notice.ifPresent(this::deliver);
    }

    private void deliver(Notice notice) {
        Instant now = clock.instant();
        for (Subscription subscription : subscriptions.interestedIn(notice.kind(), notice.caseId(), notice.eventTime())) {
            deliveries.create(subscription, notice, now).ifPresent(deliveryId -> queue.attemptAt(deliveryId, now));
        }
    }

    /**
     * The case as known before the event, read only for a derived status: no other rule reads it, and a read for
     * every event of the cases topic was a round trip to the database for most of them.
     */
    private Optional<KnownCase> caseBefore(ConsumedEvent event) {
        return event.topic().equals(Topics.CASES) && event.payloadAs(CaseStatusDerived.class).isPresent()
                ? knownFacts.knownCase(event.aggregateId())
                : Optional.empty();
    }

    private Optional<KnownAppeal> appealOf(ConsumedEvent event) {
        if (event.payloadAs(AppealResponseRecorded.class).isEmpty()
                && event.payloadAs(AppealResponseOverdue.class).isEmpty()) {
            return Optional.empty();
        }
        Optional<KnownAppeal> appeal = knownFacts.knownAppeal(event.aggregateId());
        if (appeal.isEmpty()) {
            log.warn("Event {} ({}) is for appeal {}, whose filing was never read here; nobody is notified",
                    event.eventId(), event.type(), event.aggregateId());
        }
        return appeal;
    }
}
