package org.caseledger.notifications.delivery;

import org.caseledger.notifications.notice.EventKind;

import java.time.Instant;
import java.util.Map;

/**
 * One notice on its way to one subscription. Its id is the {@code webhook-id}, the CloudEvent's id and the e-mail's
 * Message-ID, the same on every attempt, so that a receiver recognises a message it has had.
 *
 * @param facts        the notice's facts, which identify no one
 * @param scheduleStep how far into the retry schedule it is; a manual retry starts the schedule again
 */
public record Delivery(String deliveryId,
                       String subscriptionId,
                       String eventId,
                       EventKind kind,
                       String caseId,
                       Instant eventTime,
                       Map<String, Object> facts,
                       DeliveryStatus status,
                       int attempts,
                       int scheduleStep,
                       Instant nextAttemptAt,
                       Instant createdAt,
                       Instant finishedAt,
                       String statusReason) {
}
