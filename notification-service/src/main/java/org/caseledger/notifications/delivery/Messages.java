package org.caseledger.notifications.delivery;

import org.caseledger.notifications.config.NotificationSettings;
import org.caseledger.notifications.ledger.KnownCase;
import org.caseledger.notifications.ledger.KnownFacts;
import org.caseledger.notifications.personaldata.DisclosedPerson;
import org.caseledger.notifications.personaldata.PersonNames;
import org.caseledger.notifications.subscription.Channel;
import org.caseledger.notifications.subscription.Subscription;
import org.caseledger.notifications.subscription.Subscriptions;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the message of a delivery when it is sent, not when the event is read: the case number may come from the
 * cases topic after an appeal's event did, and a person erased in the meantime is not named.
 */
@Component
class Messages {

    private final KnownFacts knownFacts;
    private final PersonNames personNames;
    private final Subscriptions subscriptions;
    private final NotificationSettings settings;

    Messages(KnownFacts knownFacts, PersonNames personNames, Subscriptions subscriptions,
             NotificationSettings settings) {
        this.knownFacts = knownFacts;
        this.personNames = personNames;
        this.subscriptions = subscriptions;
        this.settings = settings;
    }

    /** A message ready to send, or why it has to wait. */
    sealed interface Composed {
        record Ready(OutgoingMessage message) implements Composed {
        }

        record Waiting(String reason) implements Composed {
        }
    }

    Composed compose(Delivery delivery, Subscription subscription) {
        Optional<KnownCase> knownCase = knownFacts.knownCase(delivery.caseId());
        if (knownCase.isEmpty()) {
            return new Composed.Waiting("case " + delivery.caseId() + " has not been read from the cases topic yet");
        }
        Optional<DisclosedPerson> person = personNames.disclosedTo(subscription, delivery.caseId(),
                knownCase.get().visibility());
        if (subscription.includePersonalData() && person.isEmpty() && personNames.learning()) {
            return new Composed.Waiting("the names of the case's person are being read from the cases topic");
        }
        Map<String, Object> facts = new LinkedHashMap<>(delivery.facts());
        String date = (String) facts.remove("date");
        Object authorityId = facts.get("authorityId");
        if (authorityId != null) {
            knownFacts.authorityName(authorityId.toString()).ifPresent(name -> facts.put("authorityName", name));
        }
        List<String> secrets = subscription.channel() == Channel.WEBHOOK
                ? subscriptions.signingSecrets(subscription.subscriptionId())
                : List.of();
        return new Composed.Ready(new OutgoingMessage(delivery.deliveryId(), delivery.kind(), delivery.caseId(),
                knownCase.get().caseNumber(), delivery.eventTime(), date, settings.linkBase() + delivery.caseId(),
                facts, person, subscription.target(), secrets));
    }
}
