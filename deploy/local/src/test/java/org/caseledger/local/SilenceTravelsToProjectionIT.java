package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.caseledger.notifications.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.local.EndToEndStack.get;
import static org.caseledger.local.EndToEndStack.post;

/**
 * Appeals with the real service jars as separate processes: two appeals are filed for a reported detention, one
 * is answered, the other is not. appeal-service is then restarted with its clock a month ahead (the test-only
 * system property {@code caseledger.testing.clock-offset}, with the profile that allows it), and its persistent
 * deadline records the silence, which projections show next to the answer and count for the authority, and
 * notification-service tells the operator: one signed CloudEvent to their webhook, one e-mail to the development SMTP
 * server, neither naming the man.
 */
class SilenceTravelsToProjectionIT {

    static final List<String> CLOCK_A_MONTH_AHEAD = List.of("-Dcaseledger.testing.clock-offset=P31D",
            "-Dspring.profiles.active=end-to-end-test");
    static final List<String> QUICK_DEADLINE_POLLING = List.of("--db-scheduler.polling-interval=1s");

    static final String NAME = "Ержан Құрманбек";

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(
            new ServerSetup(EndToEndStack.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    static ServiceProcess caseService;
    static ServiceProcess appealService;
    static ServiceProcess projections;
    static ServiceProcess notificationService;
    static WebhookReceiver operatorsWebhook;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServices() {
        EndToEndStack stack = EndToEndStack.get();
        caseService = stack.caseService;
        projections = stack.projections;
        appealService = EndToEndStack.startAppealService(List.of(), QUICK_DEADLINE_POLLING);
        notificationService = EndToEndStack.notificationService();
        operatorsWebhook = WebhookReceiver.start();
    }

    @AfterAll
    static void stopServices() {
        if (appealService != null) {
            appealService.close();
        }
        if (operatorsWebhook != null) {
            operatorsWebhook.close();
        }
    }

    @Test
    void unansweredAppealBecomesOverdueNextToTheAnsweredOneAndTheAuthorityRecordCountsBoth() throws Exception {
        String authorityId = json.readTree(EndToEndStack.postAsAdmin(appealService.url("/api/authorities"), """
                {"name":"Ministry of Foreign Affairs of the Kyrgyz Republic","kind":"FOREIGN_MINISTRY",
                 "country":"KG","expectedResponseDays":30}""").body()).get("authorityId").asText();
        HttpResponse<String> opened = post(caseService.url("/api/cases"), """
                {"person":{"name":"%s"},
                 "detention":{"date":"2018-01","place":"Ghulja","kind":"CAMP"},
                 "source":{"type":"RELATIVE_TESTIMONY"}}""".formatted(NAME));
        assertThat(opened.statusCode()).isEqualTo(201);
        String caseId = json.readTree(opened.body()).get("caseId").asText();
        long caseNumber = json.readTree(opened.body()).get("caseNumber").asLong();
        String secret = subscribe("""
                {"channel":"WEBHOOK","url":"%s","events":["APPEAL_OVERDUE"],"caseId":"%s"}"""
                .formatted(operatorsWebhook.url(), caseId)).get("secret").asText();
        operatorsWebhook.verifyingWith(secret);
        subscribe("""
                {"channel":"EMAIL","address":"operator@example.org","events":["APPEAL_OVERDUE"],"caseId":"%s"}"""
                .formatted(caseId));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String appeal = """
                {"caseId":"%s","authorityId":"%s","channel":"LETTER","filedBy":"RELATIVE","date":"%s",
                 "summary":"Asked the ministry to find out where he is held"}""".formatted(caseId, authorityId, today);

        // The case reaches appeal-service through the cases topic; until then filing is refused and stores nothing.
        AtomicReference<HttpResponse<String>> firstFiling = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            firstFiling.set(post(appealService.url("/api/appeals"), appeal));
            return firstFiling.get().statusCode() != 422;
        });
        assertThat(firstFiling.get().statusCode()).isEqualTo(201);
        String answered = json.readTree(firstFiling.get().body()).get("appealId").asText();
        HttpResponse<String> secondFiling = post(appealService.url("/api/appeals"), appeal);
        assertThat(secondFiling.statusCode()).isEqualTo(201);
        String silent = json.readTree(secondFiling.body()).get("appealId").asText();
        assertThat(post(appealService.url("/api/appeals/" + answered + "/responses"), """
                {"type":"DENIED","date":"%s","summary":"Not a citizen of Kyrgyzstan"}""".formatted(today))
                .statusCode()).isEqualTo(201);

        appealService.close();
        appealService = EndToEndStack.startAppealService(CLOCK_A_MONTH_AHEAD, QUICK_DEADLINE_POLLING);

        String appealsUrl = projections.url("/api/cases/" + caseId + "/appeals");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode items = json.readTree(get(appealsUrl).body()).get("items");
            return items.size() == 2 && "OVERDUE".equals(statusOf(items, silent));
        });
        JsonNode items = json.readTree(get(appealsUrl).body()).get("items");
        assertThat(statusOf(items, answered)).isEqualTo("ANSWERED");
        assertThat(statusOf(items, silent)).isEqualTo("OVERDUE");

        JsonNode record = json.readTree(get(projections.url("/api/authorities/" + authorityId + "/record")).body());
        assertThat(record.get("filed").asLong()).isEqualTo(2);
        assertThat(record.get("answered").asLong()).isEqualTo(1);
        assertThat(record.at("/byResponseType/DENIED").asLong()).isEqualTo(1);
        assertThat(record.get("overdueNow").asLong()).isEqualTo(1);
        assertThat(record.at("/authority/name").asText()).isEqualTo("Ministry of Foreign Affairs of the Kyrgyz Republic");

        await().atMost(Duration.ofSeconds(60)).until(() -> operatorsWebhook.processed().size() == 1
                && smtp.getReceivedMessages().length == 1);
        WebhookReceiver.Processed overdue = operatorsWebhook.processed().get(0);
        assertThat(overdue.contentType()).isEqualTo("application/cloudevents+json");
        assertThat(overdue.event().getId()).isEqualTo(overdue.webhookId());
        assertThat(overdue.data().get("kind").asText()).isEqualTo("APPEAL_OVERDUE");
        assertThat(overdue.data().get("caseNumber").asLong()).isEqualTo(caseNumber);
        assertThat(overdue.data().get("appealId").asText()).isEqualTo(silent);
        assertThat(overdue.data().get("authorityName").asText())
                .isEqualTo("Ministry of Foreign Affairs of the Kyrgyz Republic");
        assertThat(overdue.body()).doesNotContain(NAME);
        assertThat(operatorsWebhook.rejectedSignatures()).isZero();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Case " + caseNumber + ": appeal overdue");
        assertThat(GreenMailUtil.getWholeMessage(mail)).doesNotContain(NAME);
        assertThat(mail.getContent().toString()).doesNotContain(NAME).contains("APPEAL_OVERDUE");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                operatorsWebhook.calls() == 1 && smtp.getReceivedMessages().length == 1);
    }

    /** Subscribes at notification-service, once it has read the case from the topic. */
    private JsonNode subscribe(String body) throws Exception {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            answer.set(post(notificationService.url("/api/subscriptions"), body));
            return answer.get().statusCode() != 422;
        });
        assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
        return json.readTree(answer.get().body());
    }

    private static String statusOf(JsonNode items, String appealId) {
        for (JsonNode item : items) {
            if (item.get("appealId").asText().equals(appealId)) {
                return item.get("status").asText();
            }
        }
        return null;
    }
}
