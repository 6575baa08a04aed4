package org.caseledger.notifications.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.subscription.Channel;
import org.caseledger.notifications.subscription.Subscription;
import org.caseledger.notifications.subscription.SubscriptionState;

import java.time.Instant;
import java.util.List;

/**
 * A subscription as the API shows it. Its signing secret is not part of it: that is shown once, when it is made or
 * rotated.
 *
 * @param secret only in the answer that made the subscription
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubscriptionView(String subscriptionId,
                        Channel channel,
                        String url,
                        String address,
                        List<EventKind> events,
                        String caseId,
                        boolean includePersonalData,
                        SubscriptionState state,
                        String stateReason,
                        Instant createdAt,
                        String createdBy,
                        String secret) {

    static SubscriptionView of(Subscription subscription) {
        return withSecret(subscription, null);
    }

    static SubscriptionView withSecret(Subscription subscription, String secret) {
        return new SubscriptionView(subscription.subscriptionId(), subscription.channel(), subscription.url(),
                subscription.address(), subscription.events().stream().sorted().toList(), subscription.caseId(),
                subscription.includePersonalData(), subscription.state(), subscription.stateReason(),
                subscription.createdAt(), subscription.createdBy(), secret);
    }
}
