package org.caseledger.notifications.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.notifications.support.LedgerTopics;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.notifications.support.WebhookReceiver;
import org.caseledger.notifications.webhook.WebhookSender;
import org.caseledger.platform.kafka.TopicConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks from events on the real topics to a real HTTP receiver that verifies every signature and processes each
 * webhook-id once, whatever the receiver does in between.
 */
class WebhookDeliveryIT extends RunningNotificationService {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    final WebhookReceiver receiver = WebhookReceiver.start();

    @Autowired
    @Qualifier("noticesConsumer")
    TopicConsumer consumer;

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyExpectedNotificationIsProcessedExactlyOnceByAReceiverThatFailsItsFirstCalls() {
        OpenedCase nurlan = ledger.openCase();
        String ministry = ledger.registerAuthority("Ministry of Foreign Affairs of the Kyrgyz Republic");
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(),
                "STATUS_CHANGED", "RELEASE", "SENTENCE", "DEATH", "APPEAL_ANSWERED", "APPEAL_OVERDUE");
        receiver.verifyingWith(subscribed.secret()).failingFirst(5);

        ledger.release(nurlan.caseId(), "2018-12");
        ledger.sentence(nurlan.caseId(), "2019-06");
        String answered = ledger.fileAppeal(nurlan.caseId(), ministry, TODAY.minusDays(40));
        String silent = ledger.fileAppeal(nurlan.caseId(), ministry, TODAY.minusDays(40));
        ledger.answer(nurlan.caseId(), answered, TODAY.minusDays(35));
        ledger.overdue(silent, ministry, TODAY.minusDays(10));
        ledger.death(nurlan.caseId(), "2020-02");

        List<String> expected = List.of("RELEASE", "STATUS_CHANGED", "SENTENCE", "STATUS_CHANGED",
                "APPEAL_ANSWERED", "APPEAL_OVERDUE", "DEATH", "STATUS_CHANGED");
        await().atMost(A_WHILE).until(() -> receiver.processed().size() >= expected.size()
                && deliveriesOf(subscribed.subscriptionId()).stream()
                .allMatch(delivery -> delivery.get("status").asText().equals("DELIVERED")));

        assertThat(receiver.processed()).extracting(message -> message.data().get("kind").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(receiver.processed()).extracting(WebhookReceiver.Processed::webhookId).doesNotHaveDuplicates();
        assertThat(receiver.rejectedSignatures()).isZero();
        assertThat(receiver.calls()).isGreaterThanOrEqualTo(expected.size() + 5);
        List<JsonNode> deliveries = deliveriesOf(subscribed.subscriptionId());
        assertThat(deliveries).hasSize(expected.size());
        assertThat(deliveries.stream().mapToInt(delivery -> delivery.get("attempts").asInt()).sum())
                .isEqualTo(expected.size() + 5);
        assertThat(deliveries).flatExtracting(delivery -> List.of(delivery.get("attemptLog").elements()))
                .isNotEmpty();
        Map<String, Long> statuses = receiver.processed().stream()
                .filter(message -> message.data().get("kind").asText().equals("STATUS_CHANGED"))
                .collect(Collectors.groupingBy(message -> message.data().get("status").asText(), Collectors.counting()));
        assertThat(statuses).containsOnlyKeys("RELEASED", "SENTENCED", "DECEASED");
    }

    @Test
    void aMessageIsAStructuredCloudEventWithTheCaseNumberKindDateAndLinkAndNoName() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE");
        receiver.verifyingWith(subscribed.secret());

        String release = ledger.release(nurlan.caseId(), "2018-12");

        await().atMost(A_WHILE).until(() -> receiver.processed().size() == 1);
        WebhookReceiver.Processed message = receiver.processed().get(0);
        assertThat(message.contentType()).isEqualTo("application/cloudevents+json");
        assertThat(message.event().getId()).isEqualTo(message.webhookId())
                .isEqualTo(Deliveries.idOf(subscribed.subscriptionId(), release));
        assertThat(message.event().getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(message.event().getType()).isEqualTo(WebhookSender.typeOf("RELEASE"));
        assertThat(message.event().getSource().toString()).isEqualTo(WebhookSender.SOURCE);
        assertThat(message.event().getSubject()).isEqualTo("cases/" + nurlan.caseNumber());
        assertThat(message.data().get("caseNumber").asLong()).isEqualTo(nurlan.caseNumber());
        assertThat(message.data().get("kind").asText()).isEqualTo("RELEASE");
        assertThat(message.data().get("date").asText()).isEqualTo("2018-12");
        assertThat(message.data().get("link").asText()).endsWith("/" + nurlan.caseId());
        assertThat(message.data().get("conditions").asText()).isEqualTo("SURVEILLANCE");
        assertThat(message.data().has("person")).isFalse();
        LedgerTopics.NURLAN_NAMES.forEach(name -> assertThat(message.body()).doesNotContain(name));
    }

    @Test
    void deliveriesToAReceiverDownForTheWholeScheduleEndDeadAndARetryBringsThemThroughOnce() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE", "STATUS_CHANGED");
        receiver.verifyingWith(subscribed.secret()).down();

        ledger.release(nurlan.caseId(), "2018-12");

        await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).size() == 2);
        for (int attempt = 1; attempt < RetrySchedule.ATTEMPTS; attempt++) {
            int attempted = attempt;
            await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).stream()
                    .allMatch(delivery -> delivery.get("attempts").asInt() == attempted));
            CLOCK.advance(Duration.ofHours(13));
        }
        await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).stream()
                .allMatch(delivery -> delivery.get("status").asText().equals("DEAD")));
        List<JsonNode> dead = deliveriesOf(subscribed.subscriptionId());
        assertThat(dead).allSatisfy(delivery -> {
            assertThat(delivery.get("attempts").asInt()).isEqualTo(RetrySchedule.ATTEMPTS);
            assertThat(delivery.get("attemptLog")).hasSize(RetrySchedule.ATTEMPTS);
            assertThat(delivery.at("/attemptLog/0/answer").asText()).startsWith("no answer");
        });
        JsonNode listedDead = read(http.getForObject("/api/deliveries?status=DEAD&size=500", String.class));
        assertThat(listedDead.get("items").findValuesAsText("deliveryId"))
                .containsAll(dead.stream().map(delivery -> delivery.get("deliveryId").asText()).toList());

        receiver.up();
        dead.forEach(delivery -> assertThat(post("/api/deliveries/" + delivery.get("deliveryId").asText()
                + "/retry", "").getStatusCode().value()).isEqualTo(202));

        await().atMost(A_WHILE).until(() -> receiver.processed().size() == 2);
        assertThat(receiver.processed()).extracting(WebhookReceiver.Processed::webhookId)
                .containsExactlyInAnyOrderElementsOf(dead.stream().map(d -> d.get("deliveryId").asText()).toList());
        // The receiver has a message before the service has recorded its answer.
        await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).stream()
                .allMatch(delivery -> delivery.get("status").asText().equals("DELIVERED")));
        String delivered = dead.get(0).get("deliveryId").asText();
        assertThat(post("/api/deliveries/" + delivered + "/retry", "").getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void aReceiverAnsweringGoneDisablesTheSubscriptionAndHearsNothingMore() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE", "SENTENCE");
        receiver.verifyingWith(subscribed.secret()).answering(410);

        ledger.release(nurlan.caseId(), "2018-12");

        await().atMost(A_WHILE).until(() -> read(http.getForObject("/api/subscriptions/" + subscribed.subscriptionId(),
                String.class)).get("state").asText().equals("DISABLED"));
        ledger.sentence(nurlan.caseId(), "2019-06");
        OpenedCase other = ledger.openCase();
        ledger.release(other.caseId(), "2019-01");
        awaitKnown(other.caseId());

        assertThat(receiver.calls()).isEqualTo(1);
        assertThat(deliveriesOf(subscribed.subscriptionId())).singleElement().satisfies(delivery -> {
            assertThat(delivery.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(delivery.at("/attemptLog/0/statusCode").asInt()).isEqualTo(410);
        });
    }

    @Test
    void aRedirectIsNotFollowed() {
        WebhookReceiver elsewhere = WebhookReceiver.start();
        try {
            OpenedCase nurlan = ledger.openCase();
            awaitKnown(nurlan.caseId());
            Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE");
            receiver.redirectingTo(elsewhere.url());

            ledger.release(nurlan.caseId(), "2018-12");

            await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).stream()
                    .anyMatch(delivery -> delivery.get("attempts").asInt() >= 1));
            JsonNode attempt = deliveriesOf(subscribed.subscriptionId()).get(0).at("/attemptLog/0");
            assertThat(attempt.get("statusCode").asInt()).isEqualTo(307);
            assertThat(attempt.get("answer").asText()).contains("not followed");
            assertThat(elsewhere.calls()).isZero();
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void duringASecretRotationEveryMessageVerifiesWithTheOldSecretAndWithTheNew() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE");
        JsonNode rotated = read(post("/api/subscriptions/" + subscribed.subscriptionId() + "/secrets", "").getBody());
        String newSecret = rotated.get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(subscribed.secret());
        receiver.verifyingWith(subscribed.secret(), newSecret);

        ledger.release(nurlan.caseId(), "2018-12");

        await().atMost(A_WHILE).until(() -> receiver.processed().size() == 1);
        assertThat(receiver.processed().get(0).signatureHeader().split(" ")).hasSize(2)
                .allSatisfy(signature -> assertThat(signature).startsWith("v1,"));
        assertThat(receiver.rejectedSignatures()).isZero();
    }

    @Test
    void aFactRetractedBeforeItsNoticeWentOutIsNotSent() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE");
        receiver.verifyingWith(subscribed.secret()).down();
        String release = ledger.release(nurlan.caseId(), "2018-12");
        await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).stream()
                .anyMatch(delivery -> delivery.get("attempts").asInt() >= 1));

        ledger.correct(nurlan.caseId(), release);

        await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).get(0)
                .get("status").asText().equals("CANCELLED"));
        assertThat(deliveriesOf(subscribed.subscriptionId()).get(0).get("statusReason").asText()).contains("retracted");
        receiver.up();
        CLOCK.advance(Duration.ofHours(1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> receiver.processed().isEmpty());
    }

    @Test
    void aSubscriptionToADuplicateHearsOfTheCaseItWasMergedInto() {
        OpenedCase duplicate = ledger.openCase();
        OpenedCase kept = ledger.openCase();
        awaitKnown(duplicate.caseId());
        awaitKnown(kept.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), duplicate.caseId(), "RELEASE");
        receiver.verifyingWith(subscribed.secret());

        ledger.merge(duplicate.caseId(), kept.caseId());
        ledger.release(kept.caseId(), "2019-03");

        await().atMost(A_WHILE).until(() -> receiver.processed().size() == 1);
        assertThat(receiver.processed().get(0).data().get("caseNumber").asLong()).isEqualTo(kept.caseNumber());
    }

    @Test
    void aStatusReadAgainWithTheSameStatusIsNoNews() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "STATUS_CHANGED");
        receiver.verifyingWith(subscribed.secret());

        ledger.derive(nurlan.caseId(), CaseStatus.DETAINED, "another-fact", "2017-12");
        String release = ledger.release(nurlan.caseId(), "2018-12");

        await().atMost(A_WHILE).until(() -> receiver.processed().size() == 1);
        assertThat(receiver.processed().get(0).data().get("status").asText()).isEqualTo("RELEASED");
        assertThat(receiver.processed().get(0).data().get("previousStatus").asText()).isEqualTo("DETAINED");
        assertThat(release).isNotBlank();
    }

    @Test
    void aSubscriptionHearsOnlyOfEventsRecordedAfterItWasMadeEvenWhenItReadsThemLater() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        consumer.stop();
        try {
            ledger.release(nurlan.caseId(), "2018-12");
            Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE", "SENTENCE");
            receiver.verifyingWith(subscribed.secret());
            consumer.start();

            ledger.sentence(nurlan.caseId(), "2019-06");

            await().atMost(A_WHILE).until(() -> receiver.processed().size() == 1);
            assertThat(receiver.processed().get(0).data().get("kind").asText()).isEqualTo("SENTENCE");
            assertThat(deliveriesOf(subscribed.subscriptionId())).hasSize(1);
        } finally {
            if (!consumer.isRunning()) {
                consumer.start();
            }
        }
    }
}
