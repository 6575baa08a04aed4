package org.caseledger.appeals.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.appeals.RunningAppealService;
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
 * appeal-service's own event store, verified through its API: the authorities it registered verify, and a byte the
 * database superuser changes behind the service's back is found and named.
 */
class LedgerVerificationIT extends RunningAppealService {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAdminLearnsThatTheLedgerIsAsRecordedAndWhichEventWasAlteredWhenItIsNot() throws Exception {
        String authorityId = jdbc.sql("SELECT aggregateidentifier FROM domainevententry WHERE sequencenumber = 0 "
                + "ORDER BY globalindex LIMIT 1").query(String.class).single();

        JsonNode untouched = verification();
        assertThat(untouched.get("verified").asBoolean()).as(untouched.toString()).isTrue();
        assertThat(untouched.get("eventsChecked").asLong()).isPositive();

        try (TamperedEvent altered = TamperedEvent.alterOneByte(
                RealInfrastructure.get().superuserDataSource("appeals"), authorityId, 0)) {
            JsonNode found = verification();
            assertThat(found.get("verified").asBoolean()).isFalse();
            assertThat(found.at("/firstProblem/aggregateId").asText()).isEqualTo(authorityId);
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
