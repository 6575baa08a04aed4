package org.caseledger.notifications.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.caseledger.notifications.support.LedgerTopics.OpenedCase;
import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionApiIT extends RunningNotificationService {

    @Test
    void aWebhookSubscriptionShowsItsSecretOnceAndNeverAgain() {
        ResponseEntity<String> created = post("/api/subscriptions", """
                {"channel":"WEBHOOK","url":"https://93.184.215.14/hooks/caseledger","events":["APPEAL_OVERDUE","DEATH"]}""");

        assertThat(created.getStatusCode().value()).isEqualTo(201);
        JsonNode body = read(created.getBody());
        String id = body.get("subscriptionId").asText();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/subscriptions/" + id);
        assertThat(body.get("secret").asText()).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(body.get("includePersonalData").asBoolean()).isFalse();
        assertThat(body.has("caseId")).isFalse();
        assertThat(body.get("state").asText()).isEqualTo("ACTIVE");
        String shown = http.getForObject("/api/subscriptions/" + id, String.class);
        assertThat(shown).doesNotContain("whsec_").contains("APPEAL_OVERDUE", "DEATH");
        assertThat(http.getForObject("/api/subscriptions", String.class)).contains(id).doesNotContain("whsec_");
        delete(id);
    }

    @Test
    void anEmailSubscriptionToOneCaseFollowsThatCase() {
        OpenedCase nurlan = ledger.openCase();
        awaitKnown(nurlan.caseId());

        JsonNode body = read(post("/api/subscriptions", """
                {"channel":"EMAIL","address":"caseworker@example.org","events":["RELEASE"],"caseId":"%s",
                 "includePersonalData":false}""".formatted(nurlan.caseId())).getBody());

        assertThat(body.get("caseId").asText()).isEqualTo(nurlan.caseId());
        assertThat(body.get("address").asText()).isEqualTo("caseworker@example.org");
        assertThat(body.has("secret")).isFalse();
        delete(body.get("subscriptionId").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no channel            | 400 | {"url":"https://93.184.215.14/h","events":["DEATH"]}                                          | channel
            unknown channel       | 400 | {"channel":"SMS","url":"https://93.184.215.14/h","events":["DEATH"]}                          | channel
            unknown kind          | 400 | {"channel":"WEBHOOK","url":"https://93.184.215.14/h","events":["ARREST"]}                     | events
            no kinds              | 400 | {"channel":"WEBHOOK","url":"https://93.184.215.14/h","events":[]}                             | events
            misspelt field        | 400 | {"channel":"WEBHOOK","url":"https://93.184.215.14/h","event":["DEATH"]}                       | event
            webhook without url   | 400 | {"channel":"WEBHOOK","events":["DEATH"]}                                                       | url
            webhook with address  | 400 | {"channel":"WEBHOOK","url":"https://93.184.215.14/h","address":"a@example.org","events":["DEATH"]} | address
            e-mail without address| 400 | {"channel":"EMAIL","events":["DEATH"]}                                                         | address
            two addresses         | 400 | {"channel":"EMAIL","address":"a@example.org, b@example.org","events":["DEATH"]}               | address
            named address         | 400 | {"channel":"EMAIL","address":"Aigul <a@example.org>","events":["DEATH"]}                      | address
            not a url             | 400 | {"channel":"WEBHOOK","url":"https://exa mple.org/h","events":["DEATH"]}                       | url
            relative url          | 422 | {"channel":"WEBHOOK","url":"/hooks","events":["DEATH"]}                                       | url
            ftp                   | 422 | {"channel":"WEBHOOK","url":"ftp://93.184.215.14/h","events":["DEATH"]}                        | url
            credentials in url    | 422 | {"channel":"WEBHOOK","url":"https://user:pw@93.184.215.14/h","events":["DEATH"]}              | url
            plain http outside    | 422 | {"channel":"WEBHOOK","url":"http://93.184.215.14/h","events":["DEATH"]}                       | url
            private range         | 422 | {"channel":"WEBHOOK","url":"https://10.20.30.40/h","events":["DEATH"]}                        | url
            private 192.168       | 422 | {"channel":"WEBHOOK","url":"https://192.168.1.1/h","events":["DEATH"]}                        | url
            cloud metadata        | 422 | {"channel":"WEBHOOK","url":"https://169.254.169.254/latest/meta-data","events":["DEATH"]}     | url
            ipv6 metadata         | 422 | {"channel":"WEBHOOK","url":"https://[fd00:ec2::254]/","events":["DEATH"]}                     | url
            mapped private        | 422 | {"channel":"WEBHOOK","url":"https://[::ffff:10.0.0.1]/","events":["DEATH"]}                  | url
            unknown case          | 422 | {"channel":"WEBHOOK","url":"https://93.184.215.14/h","events":["DEATH"],"caseId":"no-such-case"} | caseId
            """)
    void refusesASubscriptionItCannotKeepNamingTheFieldAndStoresNothing(String problem, int status, String body,
                                                                        String field) {
        long before = subscriptions();

        ResponseEntity<String> answer = post("/api/subscriptions", body);

        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).contains(field);
        assertThat(subscriptions()).isEqualTo(before);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndMakesNothingNew() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Idempotency-Key", UUID.randomUUID().toString());
        String body = """
                {"channel":"WEBHOOK","url":"https://93.184.215.14/hooks/caseledger","events":["DEATH"]}""";

        ResponseEntity<String> first = post("/api/subscriptions", body, headers);
        long after = subscriptions();
        ResponseEntity<String> retry = post("/api/subscriptions", body, headers);

        ServedApi.assertAnsweredAsBefore(retry, first);
        assertThat(subscriptions()).isEqualTo(after);
        delete(read(first.getBody()).get("subscriptionId").asText());
    }

    @Test
    void aDeletedSubscriptionIsGoneAndCannotBeDeletedTwice() {
        String id = read(post("/api/subscriptions", """
                {"channel":"EMAIL","address":"caseworker@example.org","events":["DEATH"]}""").getBody())
                .get("subscriptionId").asText();

        delete(id);

        assertThat(http.getForEntity("/api/subscriptions/" + id, String.class).getStatusCode().value()).isEqualTo(404);
        ResponseEntity<String> again = http.exchange("/api/subscriptions/" + id, HttpMethod.DELETE, null, String.class);
        assertThat(again.getStatusCode().value()).isEqualTo(404);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(http.getForObject("/api/subscriptions", String.class)).doesNotContain(id);
    }

    @Test
    void anEmailSubscriptionHasNoSecretToRotate() {
        String id = read(post("/api/subscriptions", """
                {"channel":"EMAIL","address":"caseworker@example.org","events":["DEATH"]}""").getBody())
                .get("subscriptionId").asText();

        ResponseEntity<String> answer = post("/api/subscriptions/" + id + "/secrets", "");

        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(answer.getBody()).contains("no signing secret");
        delete(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown status | status=LOST | status
            page too large | size=501    | size
            negative page  | page=-1     | page
            """)
    void deliveriesAreListedOnlyForQueriesThatMakeSense(String problem, String query, String field) {
        ResponseEntity<String> answer = http.getForEntity("/api/deliveries?" + query, String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).contains(field);
    }

    @Test
    void anUnknownDeliveryCannotBeRetried() {
        ResponseEntity<String> answer = post("/api/deliveries/" + UUID.randomUUID() + "/retry", "");

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theOpenApiDescriptionNamesEveryEndpoint() {
        String description = http.getForObject("/v3/api-docs", String.class);

        assertThat(description).contains("/api/subscriptions", "/api/subscriptions/{subscriptionId}",
                "/api/subscriptions/{subscriptionId}/secrets", "/api/deliveries", "/api/deliveries/{deliveryId}/retry",
                "application/problem+json");
    }

    private long subscriptions() {
        return jdbc.sql("SELECT count(*) FROM subscription").query(Long.class).single();
    }

    private void delete(String subscriptionId) {
        assertThat(http.exchange("/api/subscriptions/" + subscriptionId, HttpMethod.DELETE, null, String.class)
                .getStatusCode().value()).isEqualTo(204);
    }
}
