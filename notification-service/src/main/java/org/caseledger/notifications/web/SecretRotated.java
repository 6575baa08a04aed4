package org.caseledger.notifications.web;

import java.time.Instant;

/** Answer to a secret rotation: the new secret, shown this once, and until when the previous ones still sign. */
record SecretRotated(String subscriptionId, String secret, Instant previousSecretsExpireAt) {
}
