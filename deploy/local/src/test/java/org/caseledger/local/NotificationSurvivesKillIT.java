package org.caseledger.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.notifications.support.LedgerTopics;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.notifications.support.WebhookReceiver;
import org.caseledger.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.local.EndToEndStack.post;

/**
 * notification-service from its real jar, killed with SIGKILL while deliveries are in flight (the receiver has
 * processed them and holds its answers), then started again on the same database: every notification arrives, the
 * ones in flight again, and the receiver, deduplicating on webhook-id as the specification asks, processes each
 * exactly once.
 */
class NotificationSurvivesKillIT {

    static final int RELEASES = 12;
    static final int SENTENCES = 12;

    final LedgerTopics ledger = new LedgerTopics(RealInfrastructure.get().kafkaBootstrapServers());
    final WebhookReceiver receiver = WebhookReceiver.start().holdingAnswers();
    ServiceProcess notificationService;

    @AfterEach
    void stop() {
        receiver.close();
        ledger.close();
    }

    @Test
    void deliveriesInFlightWhenTheServiceIsKilledArriveOnceAfterItRestarts() throws Exception {
        notificationService = EndToEndStack.notificationService();
        OpenedCase nurlan = ledger.openCase();
        String secret = subscribe(nurlan.caseId());
        receiver.verifyingWith(secret);
        for (int i = 1; i <= RELEASES; i++) {
            ledger.release(nurlan.caseId(), "2018-%02d".formatted(i));
            ledger.sentence(nurlan.caseId(), "2019-%02d".formatted(i));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.processed().size() >= 3);
        notificationService.kill();
        receiver.answerHeld();
        int inFlight = receiver.processed().size();
        assertThat(inFlight).isLessThan(RELEASES + SENTENCES);

        notificationService = EndToEndStack.restartNotificationService();

        await().atMost(Duration.ofMinutes(2)).until(() -> receiver.processed().size() == RELEASES + SENTENCES);
        assertThat(receiver.processed()).extracting(WebhookReceiver.Processed::webhookId).doesNotHaveDuplicates();
        assertThat(receiver.processed()).extracting(message -> message.data().get("date").asText())
                .hasSize(RELEASES + SENTENCES).doesNotHaveDuplicates();
        assertThat(receiver.rejectedSignatures()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(secret, "DELIVERED") == RELEASES + SENTENCES);
        assertThat(deliveries(secret, null)).isEqualTo(RELEASES + SENTENCES);
        assertThat(receiver.duplicates()).as("deliveries in flight at the kill, sent again")
                .isGreaterThanOrEqualTo(inFlight);
    }

    private String subscribe(String caseId) throws Exception {
        String body = """
                {"channel":"WEBHOOK","url":"%s","events":["RELEASE","SENTENCE"],"caseId":"%s"}"""
                .formatted(receiver.url(), caseId);
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            answer.set(post(notificationService.url("/api/subscriptions"), body));
            return answer.get().statusCode() != 422;
        });
        assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
        return new ObjectMapper().readTree(answer.get().body()).get("secret").asText();
    }

    /** The deliveries of the subscription that signs with this secret, in a status or all. */
    private long deliveries(String secret, String status) {
        JdbcClient jdbc = JdbcClient.create(RealInfrastructure.get().database(EndToEndStack.NOTIFICATIONS_DATABASE).runtimeDataSource());
        return jdbc.sql("""
                        SELECT count(*) FROM delivery d JOIN subscription_secret s USING (subscription_id)
                         WHERE s.secret = ? AND (CAST(? AS VARCHAR) IS NULL OR d.status = ?)
                        """)
                .params(secret, status, status).query(Long.class).single();
    }
}
