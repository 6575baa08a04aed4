package org.caseledger.cases.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.caseledger.api.Topics;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.ledger.ChainProblem;
import org.caseledger.platform.ledger.LedgerExportCheck;
import org.caseledger.platform.ledger.LedgerKeys;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.LedgerTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TamperedEvent;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * case-service's own event store, verified through its API: what Axon appended for a request verifies, a byte the
 * database superuser changes behind the service's back is found and named, and the service signs checkpoints of its
 * store that the verification checks and the checkpoint topic carries. How each kind of change is told apart is
 * platform's LedgerVerifierIT and LedgerCheckpointsIT.
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

    @Test
    void theServiceSignsCheckpointsOfItsStoreThatTheVerificationAndTheTopicCarry() throws Exception {
        for (int i = 0; i < 10; i++) {
            post("/api/cases", """
                    {"person":{"name":"Serikzhan Bilash"},"detention":{"date":"2018-01","kind":"PRETRIAL"},
                     "source":{"type":"MEDIA_REPORT"}}""");
        }
        long events = storedEvents();

        JsonNode verified = await().atMost(Duration.ofSeconds(60)).until(this::verification,
                answer -> answer.get("checkpointsChecked").asLong() >= 1
                        && answer.at("/latestCheckpoint").asLong() >= 1);
        assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CHECKPOINTS)) {
            List<ConsumerRecord<String, byte[]>> sent = await().atMost(Duration.ofSeconds(60)).until(
                    () -> topic.recordsWithKey("case-service"),
                    records -> records.stream().anyMatch(record -> checkpoint(record).get("events").asLong() >= events - 20));
            JsonNode latest = checkpoint(sent.get(sent.size() - 1));
            assertThat(latest.get("service").asText()).isEqualTo("case-service");
            assertThat(latest.get("signature").asText()).isNotBlank();
            assertThat(jdbc.sql("SELECT merkle_root FROM ledger_checkpoint WHERE number = ?")
                    .param(latest.get("number").asLong()).query(String.class).single())
                    .isEqualTo(latest.get("merkleRoot").asText());
        }
    }

    @Test
    void anAdminsExportVerifiesWithThePublicKeyAloneAndNamesTheEventAlteredBeforeIt() throws Exception {
        String caseId = json.readTree(post("/api/cases", """
                {"person":{"name":"Қайрат Самарқан"},"detention":{"date":"2017-11","kind":"CAMP"},
                 "source":{"type":"VICTIM_TESTIMONY"}}""").getBody()).get("caseId").asText();
        Optional<LedgerKeys> publicKey = Optional.of(LedgerKeys.read(
                LedgerTestKeys.directory().resolve("ledger.pub.pem"), Optional.empty()));

        ResponseEntity<byte[]> answer = export();
        assertThat(answer.getHeaders().getContentType()).hasToString("application/x-ndjson;charset=UTF-8");
        assertThat(answer.getHeaders().getContentDisposition().getFilename()).startsWith("case-service-ledger-")
                .endsWith(".jsonl");
        LedgerExportCheck.Result untouched = LedgerExportCheck.verify(new ByteArrayInputStream(answer.getBody()),
                publicKey);
        assertThat(untouched.verified()).as(untouched.toString()).isTrue();
        assertThat(untouched.service()).isEqualTo("case-service");
        assertThat(untouched.ledger().eventsChecked()).isEqualTo(storedEvents());

        try (TamperedEvent altered = TamperedEvent.alterOneByte(
                RealInfrastructure.get().superuserDataSource("cases"), caseId, 0)) {
            LedgerExportCheck.Result found = LedgerExportCheck.verify(new ByteArrayInputStream(export().getBody()),
                    publicKey);
            assertThat(found.verified()).isFalse();
            assertThat(found.ledger().firstProblem().aggregateId()).isEqualTo(caseId);
            assertThat(found.ledger().firstProblem().eventId()).isEqualTo(altered.eventId());
            assertThat(found.ledger().firstProblem().problem()).isEqualTo(ChainProblem.Kind.HASH_MISMATCH);
        }
    }

    private ResponseEntity<byte[]> export() {
        ResponseEntity<byte[]> answer = http.exchange("/api/admin/ledger/export", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), byte[].class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer;
    }

    private JsonNode checkpoint(ConsumerRecord<String, byte[]> record) {
        try {
            return json.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode verification() throws Exception {
        ResponseEntity<String> answer = http.exchange("/api/admin/ledger/verification", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }
}
