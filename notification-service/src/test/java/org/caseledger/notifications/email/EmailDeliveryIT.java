package org.caseledger.notifications.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.caseledger.api.cases.Visibility;
import org.caseledger.notifications.delivery.Deliveries;
import org.caseledger.notifications.support.LedgerTopics;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.notifications.RunningNotificationService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * E-mail to a real SMTP server in this JVM (GreenMail). Every message is searched, raw and decoded, for the
 * person's names in each script they are recorded in.
 */
class EmailDeliveryIT extends RunningNotificationService {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(
            new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Test
    void anEmailWithoutPersonalDataNamesTheCaseByItsNumberAndThePersonInNoScript() throws Exception {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        String caseworker = address();
        Subscribed subscribed = subscribeEmail(caseworker, nurlan.caseId(), false, "RELEASE");

        String release = ledger.release(nurlan.caseId(), "2018-12");

        MimeMessage mail = awaitMailTo(caseworker);
        String raw = GreenMailUtil.getWholeMessage(mail);
        String decoded = decoded(mail);
        assertThat(mail.getSubject()).isEqualTo("Case " + nurlan.caseNumber() + ": release reported");
        assertThat(decoded).contains("Case number: " + nurlan.caseNumber(), "What: RELEASE", "Date: 2018-12",
                "/" + nurlan.caseId());
        assertThat(mail.getMessageID()).isEqualTo("<" + Deliveries.idOf(subscribed.subscriptionId(), release)
                + "@caseledger>");
        LedgerTopics.NURLAN_NAMES.forEach(name -> {
            assertThat(raw).doesNotContain(name);
            assertThat(decoded).doesNotContain(name);
        });
        assertThat(decoded).doesNotContain("Nurlan").doesNotContain("Kokteubaev");
    }

    @Test
    void anEmailToASubscriptionThatAllowsPersonalDataNamesThePersonInEveryScriptEvenForACaseOpenedBefore()
            throws Exception {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        String caseworker = address();
        subscribeEmail(caseworker, nurlan.caseId(), true, "SENTENCE");

        ledger.sentence(nurlan.caseId(), "2019-06");

        String decoded = decoded(awaitMailTo(caseworker));
        LedgerTopics.NURLAN_NAMES.forEach(name -> assertThat(decoded).contains(name));
    }

    @Test
    void aConfidentialCaseIsNamedNowhereEvenWhereASubscriptionAllowsPersonalData() throws Exception {
        OpenedCase nurlan = ledger.openCase();
        ledger.changeVisibility(nurlan.caseId(), Visibility.CONFIDENTIAL);
        awaitKnown(nurlan.caseId());
        await().atMost(A_WHILE).until(() -> "CONFIDENTIAL".equals(jdbc.sql(
                "SELECT visibility FROM known_case WHERE case_id = ?").param(nurlan.caseId()).query(String.class)
                .single()));
        String caseworker = address();
        subscribeEmail(caseworker, nurlan.caseId(), true, "DEATH");

        ledger.death(nurlan.caseId(), "2020-02");

        MimeMessage mail = awaitMailTo(caseworker);
        String raw = GreenMailUtil.getWholeMessage(mail);
        String decoded = decoded(mail);
        LedgerTopics.NURLAN_NAMES.forEach(name -> {
            assertThat(raw).doesNotContain(name);
            assertThat(decoded).doesNotContain(name);
        });
    }

    @Test
    void theNamesAreForgottenWhenNoSubscriptionAllowingThemCoversTheCaseAnyMore() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());
        Subscribed subscribed = subscribeEmail(address(), nurlan.caseId(), true, "DEATH");
        await().atMost(A_WHILE).until(() -> namesHeldFor(nurlan.caseId()) == 1);

        assertThat(http.exchange("/api/subscriptions/" + subscribed.subscriptionId(),
                org.springframework.http.HttpMethod.DELETE, null, String.class).getStatusCode().value()).isEqualTo(204);

        assertThat(namesHeldFor(nurlan.caseId())).isZero();
    }

    private long namesHeldFor(String caseId) {
        return jdbc.sql("SELECT count(*) FROM person_name WHERE case_id = ?").param(caseId).query(Long.class).single();
    }

    private static String address() {
        return "caseworker-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static MimeMessage awaitMailTo(String address) {
        return await().atMost(A_WHILE).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> sentTo(message, address))
                .findFirst(), found -> found.isPresent()).orElseThrow();
    }

    private static boolean sentTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Address::toString).anyMatch(address::equals);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decoded(MimeMessage mail) throws MessagingException, IOException {
        return String.join("\n", List.of(mail.getSubject(), mail.getContent().toString()));
    }
}
