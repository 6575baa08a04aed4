package org.caseledger.notifications.webhook;

import org.caseledger.notifications.config.NotificationSettings;
import org.caseledger.notifications.delivery.Attempt;
import org.caseledger.notifications.delivery.OutgoingMessage;
import org.caseledger.notifications.delivery.SendResult;
import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender against a real receiver on this machine, reached through a name that a fixed table resolves: the
 * address rules are applied when the connection is made, so a name that turns internal after the subscription was
 * checked (DNS rebinding) is never connected to.
 */
class WebhookSenderTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final NotificationSettings.Webhooks QUICK = new NotificationSettings.Webhooks(false,
            Duration.ofSeconds(2), Duration.ofSeconds(2));

    final WebhookReceiver receiver = WebhookReceiver.start().verifyingWith(SECRET);

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aNameThatNowResolvesToThisMachineIsNotConnectedTo() throws Exception {
        try (WebhookSender sender = new WebhookSender(new WebhookAddresses(WebhookSenderTest::rebound, false), QUICK)) {
            SendResult result = sender.send(message("http://hooks.example.org:" + receiver.port() + "/hook"));

            assertThat(result.outcome()).isEqualTo(Attempt.Outcome.FAILED);
            assertThat(result.answer()).contains("not sent", "127.0.0.1", "loopback");
            assertThat(receiver.calls()).isZero();
        }
    }

    @Test
    void theSameNameIsDeliveredToWhereLoopbackIsAllowedSignedWithTheSecret() throws Exception {
        try (WebhookSender sender = new WebhookSender(new WebhookAddresses(WebhookSenderTest::rebound, true), QUICK)) {
            SendResult result = sender.send(message("http://hooks.example.org:" + receiver.port() + "/hook"));

            assertThat(result.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(receiver.processed()).hasSize(1);
            assertThat(receiver.rejectedSignatures()).isZero();
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsAFailureToTryAgain() throws Exception {
        receiver.answeringAfter(Duration.ofSeconds(4));
        try (WebhookSender sender = new WebhookSender(new WebhookAddresses(WebhookSenderTest::rebound, true), QUICK)) {
            SendResult result = sender.send(message("http://hooks.example.org:" + receiver.port() + "/hook"));

            assertThat(result.outcome()).isEqualTo(Attempt.Outcome.FAILED);
            assertThat(result.answer()).contains("no answer");
        }
    }

    private static InetAddress[] rebound(String host) throws UnknownHostException {
        return new InetAddress[]{InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})};
    }

    private static OutgoingMessage message(String url) {
        return new OutgoingMessage(UUID.randomUUID().toString(), EventKind.RELEASE, "c-1", 42,
                Instant.parse("2025-05-01T10:00:00Z"), "2018-12", "https://ledger.example.org/cases/c-1",
                Map.of("conditions", "SURVEILLANCE"), Optional.empty(), url, List.of(SECRET));
    }
}
