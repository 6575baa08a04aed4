package org.caseledger.notifications.web;

import org.caseledger.notifications.RunningNotificationService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * notification-service's OpenAPI description is a promise as the other services' are: every request it describes as
 * acceptable is accepted, every answer is described, and {@code /error} is no resource of it.
 */
class NotificationApiContractIT extends RunningNotificationService {

    @Test
    void everyRequestTheDescriptionPromisesIsAccepted() throws Exception {
        OpenedCase followed = ledger.openCase();
        awaitKnown(followed.caseId());

        new ServedApi(http).assertAcceptsEveryPromisedRequest("notification-service", request -> {
            ObjectNode body = (ObjectNode) request.body().deepCopy();
            if (body.has("url")) {
                // The description's example host does not resolve everywhere; a receiver on this machine does.
                body.put("url", "https://127.0.0.1/hooks/caseledger");
            }
            if (body.has("caseId")) {
                body.put("caseId", followed.caseId());
            }
            return new ServedApi.Prepared(request.path(), body);
        });
    }

    @Test
    void everyAnswerIsDescribedWithItsSchemaAndAnExample() throws Exception {
        ServedApi api = new ServedApi(http);

        assertThat(api.description().operations()).containsExactlyInAnyOrder("POST /api/subscriptions",
                "GET /api/subscriptions", "GET /api/subscriptions/{subscriptionId}",
                "DELETE /api/subscriptions/{subscriptionId}", "POST /api/subscriptions/{subscriptionId}/secrets",
                "GET /api/deliveries", "GET /api/deliveries/{deliveryId}", "POST /api/deliveries/{deliveryId}/retry");
        api.assertDescribesEveryAnswer(8);
    }

    @Test
    void errorPathIsNoResourceOfTheApi() throws Exception {
        new ServedApi(http).assertErrorPathIsNotFound();
    }
}
