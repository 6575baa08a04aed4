package org.caseledger.notifications.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.caseledger.notifications.delivery.Attempt;
import org.caseledger.notifications.delivery.Delivery;
import org.caseledger.notifications.delivery.DeliveryStatus;
import org.caseledger.notifications.notice.EventKind;

import java.time.Instant;
import java.util.List;

/** A delivery with every attempt and what the receiver answered to it. */
@Schema(example = """
        {"deliveryId": "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d", "subscriptionId": "5d1c7a2e-3b4f-4e6a-9c8d-7e6f5a4b3c2d",
          "eventId": "4f6c2a9e-8d3b-4b1e-9a57-0c2f1d7e5b31", "kind": "RELEASE",
          "caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "eventTime": "2026-03-02T10:00:00Z", "status": "DEAD",
          "statusReason": "no 2xx answer after 8 attempts", "attempts": 8, "createdAt": "2026-03-02T10:00:01Z",
          "finishedAt": "2026-03-03T08:31:00Z", "attemptLog": [{"attempt": 8, "attemptedAt": "2026-03-03T08:31:00Z",
          "durationMs": 212, "outcome": "FAILED", "statusCode": 503, "answer": "Service Unavailable"}]}
        """)
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
