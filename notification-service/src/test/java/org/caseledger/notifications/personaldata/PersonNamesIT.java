package org.caseledger.notifications.personaldata;

import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.notifications.support.LedgerTopics;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The names kept for cases a subscription including personal data covers: opened with the data keys only for such a
 * case, dropped on the person's erasure.
 */
class PersonNamesIT extends RunningNotificationService {

    @Test
    void theOpeningOfACaseNoSubscriptionAllowingPersonalDataCoversAsksForNoDataKey() {
        OpenedCase nurlan = ledger.openCase();

        awaitKnown(nurlan.caseId());

        assertThat(KEYS.openingsOf(nurlan.caseId())).isZero();
        assertThat(namesOf(nurlan.caseId())).isEmpty();
    }

    @Test
    void aCaseOpenedWhileASubscriptionAllowingPersonalDataCoversEveryCaseKeepsItsNamesUntilThePersonIsErased() {
        Subscribed everyCase = subscribeEmail("registry@example.org", null, true, "DEATH");
        try {
            // The subscription reads the whole topic for names once; the case below is opened after that.
            await().atMost(A_WHILE).until(() -> jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = ?")
                    .param(NameLearning.TASK).query(Long.class).single() == 0);
            OpenedCase nurlan = ledger.openCase();

            await().atMost(A_WHILE).until(() -> namesOf(nurlan.caseId()).equals(
                    List.of(LedgerTopics.NURLAN.name())));
            assertThat(KEYS.openingsOf(nurlan.caseId())).isPositive();

            ledger.erasePerson(nurlan.caseId());

            await().atMost(A_WHILE).until(() -> namesOf(nurlan.caseId()).isEmpty());
            assertThat(KEYS.heardErased(nurlan.caseId())).isTrue();
        } finally {
            http.exchange("/api/subscriptions/" + everyCase.subscriptionId(), HttpMethod.DELETE, null, String.class);
        }
    }

    private List<String> namesOf(String caseId) {
        return jdbc.sql("SELECT name FROM person_name WHERE case_id = ?").param(caseId).query(String.class).list();
    }
}
