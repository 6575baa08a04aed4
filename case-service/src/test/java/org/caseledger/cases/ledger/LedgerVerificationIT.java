package org.caseledger.cases.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TamperedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * case-service's own event store, verified through its API: what Axon appended for a request verifies, and a byte the
 * database superuser changes behind the service's back is found and named. How each kind of change is told apart is
 * platform's LedgerVerifierIT.
 */
class LedgerVerificationIT extends RunningCaseService {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAdminLearnsThatTheLedgerIsAsRecordedAndWhichEventWasAlteredWhenItIsNot() throws Exception {
        String caseId = json.readTree(post("/api/cases", """
                {"person":{"name":"Gulzira Auelkhan"},"detention":{"date":"2017-10","kind":"CAMP"},
                 "source":{"type":"VICTIM_TESTIMONY"}}""").getBody()).get("caseId").asText();

        JsonNode untouched = verification();
        assertThat(untouched.get("verified").asBoolean()).as(untouched.toString()).isTrue();
        assertThat(untouched.get("eventsChecked").asLong()).isEqualTo(storedEvents());
        assertThat(untouched.get("aggregatesChecked").asLong())
                .isEqualTo(jdbc.sql("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry")
                        .query(Long.class).single());

        try (TamperedEvent altered = TamperedEvent.alterOneByte(
                RealInfrastructure.get().superuserDataSource("cases"), caseId, 0)) {
            JsonNode found = verification();
            assertThat(found.get("verified").asBoolean()).isFalse();
            assertThat(found.get("brokenAggregates").asLong()).isEqualTo(1);
            assertThat(found.at("/firstProblem/aggregateId").asText()).isEqualTo(caseId);
            assertThat(found.at("/firstProblem/sequenceNumber").asLong()).isZero();
            assertThat(found.at("/firstProblem/eventId").asText()).isEqualTo(altered.eventId());
            assertThat(found.at("/firstProblem/problem").asText()).isEqualTo("HASH_MISMATCH");
        }

        assertThat(verification().get("verified").asBoolean()).isTrue();
    }

    private JsonNode verification() throws Exception {
        ResponseEntity<String> answer = http.exchange("/api/admin/ledger/verification", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }
}
