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

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * appeal-service's own event store, verified through its API: the authorities it registered verify, and a byte the
 * database superuser changes behind the service's back is found and named, and the service signs checkpoints of its
 * store that the verification checks.
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

    @Test
    void theServiceSignsCheckpointsOfItsStoreThatTheVerificationChecks() throws Exception {
        for (int i = 0; i < 20; i++) {
            ResponseEntity<String> registered = postAsAdmin("/api/authorities", """
                    {"name":"Ombudsman's office %s","kind":"OMBUDSMAN","country":"KZ","expectedResponseDays":30}"""
                    .formatted(UUID.randomUUID()));
            assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(HttpStatus.CREATED);
        }

        JsonNode verified = await().atMost(Duration.ofSeconds(60)).until(this::verification,
                answer -> answer.get("checkpointsChecked").asLong() >= 1);

        assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();
        assertThat(jdbc.sql("SELECT DISTINCT service FROM ledger_checkpoint").query(String.class).list())
                .containsExactly("appeal-service");
    }

    private JsonNode verification() throws Exception {
        ResponseEntity<String> answer = http.exchange("/api/admin/ledger/verification", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }
}
