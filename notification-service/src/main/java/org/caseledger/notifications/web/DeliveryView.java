package org.caseledger.notifications.web;

import org.caseledger.notifications.delivery.Attempt;
import org.caseledger.notifications.delivery.Delivery;
import org.caseledger.notifications.delivery.DeliveryStatus;
import org.caseledger.notifications.notice.EventKind;

import java.time.Instant;
import java.util.List;

/** A delivery with every attempt and what the receiver answered to it. */
record DeliveryView(String deliveryId,
                    String subscriptionId,
                    String eventId,
                    EventKind kind,
                    String caseId,
                    Instant eventTime,
                    DeliveryStatus status,
                    String statusReason,
                    int attempts,
                    Instant nextAttemptAt,
                    Instant createdAt,
                    Instant finishedAt,
                    List<Attempt> attemptLog) {

    static DeliveryView of(Delivery delivery, List<Attempt> attempts) {
        return new DeliveryView(delivery.deliveryId(), delivery.subscriptionId(), delivery.eventId(),
                delivery.kind(), delivery.caseId(), delivery.eventTime(), delivery.status(), delivery.statusReason(),
                delivery.attempts(), delivery.nextAttemptAt(), delivery.createdAt(), delivery.finishedAt(), attempts);
    }
}
