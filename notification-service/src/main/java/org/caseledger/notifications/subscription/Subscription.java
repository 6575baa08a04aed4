package org.caseledger.notifications.subscription;

import org.caseledger.notifications.notice.EventKind;

import java.time.Instant;
import java.util.Set;

/**
 * Who wants to hear of what, and where.
 *
 * @param caseId              the one case it follows, or null for every case
 * @param includePersonalData whether its messages may name the person; off unless asked for
 * @param createdAt           it hears of events recorded from then on, never of earlier ones
 */
public record Subscription(String subscriptionId,
                           Channel channel,
                           String url,
                           String address,
                           String caseId,
                           Set<EventKind> events,
                           boolean includePersonalData,
                           SubscriptionState state,
                           String stateReason,
                           Instant createdAt,
                           String createdBy) {

    /** Where its messages go: the webhook's URL or the e-mail address. */
    public String target() {
        return channel == Channel.WEBHOOK ? url : address;
    }
}
