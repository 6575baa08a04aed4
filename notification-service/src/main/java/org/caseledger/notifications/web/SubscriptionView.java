package org.caseledger.notifications.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(example = """
        {"subscriptionId": "5d1c7a2e-3b4f-4e6a-9c8d-7e6f5a4b3c2d", "channel": "WEBHOOK",
         "url": "https://example.org/hooks/caseledger", "events": ["APPEAL_OVERDUE", "RELEASE"],
         "includePersonalData": false, "state": "ACTIVE", "createdAt": "2026-03-02T09:15:00Z",
         "createdBy": "volunteer.aigerim", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
        """)
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
