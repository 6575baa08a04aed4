package org.caseledger.notifications.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Answer to {@code GET /api/deliveries}: newest first. */
@Schema(example = """
        {"items": [{"deliveryId": "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d", "subscriptionId": "5d1c7a2e-3b4f-4e6a-9c8d-7e6f5a4b3c2d",
          "eventId": "4f6c2a9e-8d3b-4b1e-9a57-0c2f1d7e5b31", "kind": "RELEASE",
          "caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "eventTime": "2026-03-02T10:00:00Z", "status": "DEAD",
          "statusReason": "no 2xx answer after 8 attempts", "attempts": 8, "createdAt": "2026-03-02T10:00:01Z",
          "finishedAt": "2026-03-03T08:31:00Z", "attemptLog": [{"attempt": 8, "attemptedAt": "2026-03-03T08:31:00Z",
          "durationMs": 212, "outcome": "FAILED", "statusCode": 503, "answer": "Service Unavailable"}]}],
         "page": 0, "size": 50, "totalItems": 1}
        """)
record DeliveryPage(List<DeliveryView> items, int page, int size, long totalItems) {
}
