package org.caseledger.notifications.delivery;

import org.caseledger.notifications.subscription.Channel;
import org.caseledger.notifications.subscription.Subscription;
import org.caseledger.notifications.subscription.SubscriptionState;
import org.caseledger.notifications.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Makes one attempt of a delivery and decides what follows: delivered, tried again later on the
 * {@link RetrySchedule}, dead when the schedule is spent, or cancelled with its subscription when the receiver
 * answers 410 Gone. The message is sent outside any transaction; its answer is recorded in one. A crash between
 * the two sends the message again later, with the same id, which the receiver deduplicates on.
 */
@Component
public class Courier {

    private static final Logger log = LoggerFactory.getLogger(Courier.class);
    private static final Duration WAITING_PAUSE = Duration.ofSeconds(5);

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final Messages messages;
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final TransactionTemplate transaction;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random = RandomGenerator.getDefault();

    Courier(Deliveries deliveries, Subscriptions subscriptions, Messages messages, List<ChannelSender> senders,
            TransactionTemplate transaction, DeliveryMetrics metrics, Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.messages = messages;
        senders.forEach(sender -> this.senders.put(sender.channel(), sender));
        this.transaction = transaction;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What happens to a delivery after an attempt. */
    public sealed interface Next {
        /** Nothing more: delivered, dead, cancelled, or not pending any more. */
        record Done() implements Next {
        }

        record AttemptAt(Instant at) implements Next {
        }
    }

    public Next attempt(String deliveryId) {
        Optional<Delivery> pending = deliveries.find(deliveryId).filter(d -> d.status() == DeliveryStatus.PENDING);
        if (pending.isEmpty()) {
            return new Next.Done();
        }
        Delivery delivery = pending.get();
        Subscription subscription = subscriptions.findAny(delivery.subscriptionId()).orElseThrow();
        if (subscription.state() != SubscriptionState.ACTIVE) {
            return cancel(delivery, "subscription is " + subscription.state().name().toLowerCase());
        }
        Messages.Composed composed = messages.compose(delivery, subscription);
        if (composed instanceof Messages.Composed.Waiting waiting) {
            return waitFor(delivery, waiting.reason());
        }
        OutgoingMessage message = ((Messages.Composed.Ready) composed).message();
        Instant attemptedAt = clock.instant();
        long started = System.nanoTime();
        SendResult result = senders.get(subscription.channel()).send(message);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        metrics.attempted(subscription.channel(), result.outcome());
        return transaction.execute(status -> record(deliveryId, subscription, result, attemptedAt, durationMs));
    }

    private Next record(String deliveryId, Subscription subscription, SendResult result, Instant attemptedAt,
                        long durationMs) {
        Delivery delivery = deliveries.lock(deliveryId).orElseThrow();
        int attempt = delivery.attempts() + 1;
        deliveries.recordAttempt(delivery, new Attempt(attempt, attemptedAt, durationMs, result.outcome(),
                result.statusCode(), result.answer()));
        if (delivery.status() != DeliveryStatus.PENDING) {
            return new Next.Done();
        }
        Instant now = clock.instant();
        switch (result.outcome()) {
            case DELIVERED -> {
                deliveries.delivered(delivery, attempt, now);
                metrics.delivered(subscription.channel(), delivery.kind(), Duration.between(delivery.eventTime(), now));
                return new Next.Done();
            }
            case GONE -> {
                deliveries.cancelled(delivery, attempt, now, "the receiver answered 410 Gone");
                subscriptions.disable(subscription.subscriptionId(), "the receiver answered 410 Gone at " + now);
                log.info("Subscription {} disabled: its receiver answered 410 Gone", subscription.subscriptionId());
                return new Next.Done();
            }
            default -> {
                int step = delivery.scheduleStep() + 1;
                Optional<Duration> wait = RetrySchedule.waitAfter(step, random);
                if (wait.isPresent()) {
                    Instant next = now.plus(wait.get());
                    deliveries.retryLater(delivery, attempt, step, next);
                    return new Next.AttemptAt(next);
                }
                deliveries.dead(delivery, attempt, now, "all " + RetrySchedule.ATTEMPTS
                        + " attempts of the retry schedule failed");
                log.warn("Delivery {} to subscription {} is dead after {} attempts", deliveryId,
                        subscription.subscriptionId(), attempt);
                return new Next.Done();
            }
        }
    }

    private Next waitFor(Delivery delivery, String reason) {
        Instant now = clock.instant();
        if (now.isAfter(delivery.createdAt().plus(RetrySchedule.length()))) {
            return transaction.execute(status -> {
                deliveries.dead(delivery, delivery.attempts(), now, "could not be composed: " + reason);
                return new Next.Done();
            });
        }
        return new Next.AttemptAt(now.plus(WAITING_PAUSE));
    }

    private Next cancel(Delivery delivery, String reason) {
        return transaction.execute(status -> {
            deliveries.cancelled(delivery, delivery.attempts(), clock.instant(), reason);
            return new Next.Done();
        });
    }
}
