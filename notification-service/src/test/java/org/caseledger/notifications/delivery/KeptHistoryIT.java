package org.caseledger.notifications.delivery;

import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.notifications.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the service's runtime role may do keeps the record of who was told what: an attempt cannot be rewritten or
 * removed, a subscription or a delivery cannot be deleted, only ended by its state.
 */
class KeptHistoryIT extends RunningNotificationService {

    static final String INSUFFICIENT_PRIVILEGE = "42501";

    final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void theServicesOwnConnectionCannotRewriteOrRemoveWhatWasSentAndToWhom() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeWebhook(receiver.url(), nurlan.caseId(), "RELEASE");
        receiver.verifyingWith(subscribed.secret()).failingFirst(1);
        ledger.release(nurlan.caseId(), "2018-12");
        await().atMost(A_WHILE).until(() -> deliveriesOf(subscribed.subscriptionId()).stream()
                .anyMatch(delivery -> delivery.get("status").asText().equals("DELIVERED")));
        String deliveryId = deliveriesOf(subscribed.subscriptionId()).get(0).get("deliveryId").asText();
        List<String> attemptsBefore = attemptLog(deliveryId);
        assertThat(attemptsBefore).hasSize(2);

        List<String> tampering = List.of(
                "UPDATE delivery_attempt SET outcome = 'DELIVERED', status_code = 200 WHERE delivery_id = :id",
                "DELETE FROM delivery_attempt WHERE delivery_id = :id",
                "DELETE FROM delivery WHERE delivery_id = :id",
                "DELETE FROM subscription WHERE subscription_id = (SELECT subscription_id FROM delivery "
                        + "WHERE delivery_id = :id)");
        for (String sql : tampering) {
            assertThatThrownBy(() -> jdbc.sql(sql).param("id", deliveryId).update())
                    .as(sql)
                    .rootCause()
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .as("SQLSTATE of: %s", e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        }

        assertThat(attemptLog(deliveryId)).isEqualTo(attemptsBefore);
        assertThat(deliveriesOf(subscribed.subscriptionId())).singleElement()
                .satisfies(delivery -> assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED"));
    }

    private List<String> attemptLog(String deliveryId) {
        return jdbc.sql("SELECT attempt || ' ' || outcome || ' ' || coalesce(status_code, 0) FROM delivery_attempt "
                        + "WHERE delivery_id = :id ORDER BY attempt")
                .param("id", deliveryId).query(String.class).list();
    }
}
