package org.caseledger.appeals.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.appeals.CasesTopic;
import org.caseledger.appeals.RunningAppealService;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.DataKey;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestKeyHolder;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An appeal's summaries name the case's person, so they are sealed with that person's key, fetched from the holder of
 * the keys: no summary is in clear in the event store or on the appeals topic, and whoever has the key opens it. A
 * person without a key, or a holder that does not answer, gets no summary stored at all.
 */
class AppealSummarySealingIT extends RunningAppealService {

    private static final TestKeyHolder HOLDER = PersonalDataTestKeys.holder();

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everySummaryOfAnAppealIsSealedInTheStoreAndOnTheTopicAndOpensWithThePersonsKey() throws Exception {
        String caseId = CasesTopic.knownCase(jdbc, "Mihrigul Tursun");
        String filing = "Her brother asked where Mihrigul Tursun " + System.nanoTime() + " is held";
        String appealId = filed(caseId, filing);
        String answer = "Mihrigul Tursun " + System.nanoTime() + " is not known to the ministry";
        String reminder = "Mihrigul Tursun's " + System.nanoTime() + " brother wrote again";
        String closing = "Mihrigul Tursun " + System.nanoTime() + " was seen in Ürümqi";
        assertThat(post("/api/appeals/" + appealId + "/responses", """
                {"type":"DENIED","date":"%s","summary":"%s"}""".formatted(today(), answer))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/appeals/" + appealId + "/follow-ups", """
                {"channel":"LETTER","date":"%s","summary":"%s"}""".formatted(today(), reminder))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(post("/api/appeals/" + appealId + "/closure", """
                {"outcome":"INFORMATION_OBTAINED","date":"%s","summary":"%s"}""".formatted(today(), closing))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        List<byte[]> stored = storedPayloadsOf(appealId);
        List<byte[]> published = publishedPayloadsOf(appealId, 4);
        for (String summary : List.of(filing, answer, reminder, closing)) {
            assertThat(stored).noneMatch(payload -> contains(payload, summary));
            assertThat(published).noneMatch(payload -> contains(payload, summary));
        }
        assertThat(stored).allMatch(payload -> contains(payload, PersonalDataCodec.SCHEME));
        assertThat(published).allMatch(payload -> contains(payload, PersonalDataCodec.SCHEME));

        PersonalDataCodec withTheKey = new PersonalDataCodec(EventJson.mapper(), keyOf(caseId));
        assertThat(withTheKey.open(published.get(0), AppealFiled.class).summary()).isEqualTo(filing);
        assertThat(withTheKey.open(published.get(1), AppealResponseRecorded.class).summary()).isEqualTo(answer);
        assertThat(withTheKey.open(published.get(2), AppealFollowedUp.class).summary()).isEqualTo(reminder);
        assertThat(withTheKey.open(published.get(3), AppealClosed.class).summary()).isEqualTo(closing);
        assertThat(withTheKey.open(stored.get(0), AppealFiled.class).summary()).isEqualTo(filing);
        assertThat(PersonalDataCodec.withoutKeys(EventJson.mapper()).open(published.get(0), AppealFiled.class)
                .summary()).isEqualTo(PersonalDataCodec.WITHHELD);
    }

    @Test
    void summaryAboutAnErasedPersonIsStoredAsThePlaceholder() throws Exception {
        String caseId = CasesTopic.knownCase(jdbc, "Abduweli Ayup");
        String appealId = filed(caseId, "Asked where Abduweli Ayup is held");
        HOLDER.erase(caseId);

        String reminder = "Abduweli Ayup's " + System.nanoTime() + " sister wrote again";
        assertThat(post("/api/appeals/" + appealId + "/follow-ups", """
                {"channel":"LETTER","date":"%s","summary":"%s"}""".formatted(today(), reminder))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        byte[] followUp = storedPayloadsOf(appealId).get(1);
        assertThat(contains(followUp, reminder)).isFalse();
        assertThat(json.readTree(followUp).get("summary").asText()).isEqualTo(PersonalDataCodec.ERASED);
    }

    @Test
    void appealForAPersonWithoutAKeyIsRefusedAndNothingIsStored() throws Exception {
        String caseId = CasesTopic.knownCaseWithoutKey(jdbc, "Erkin Sidick");
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals", appeal(caseId, "Asked where Erkin Sidick is held"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("field").asText()).isEqualTo("caseId");
        assertThat(problem.get("detail").asText()).contains("no key for '" + caseId + "'", "was not stored");
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(HOLDER.key(caseId)).isInstanceOf(DataKey.Unknown.class);
    }

    @Test
    void appealIsNotStoredWhileTheHolderOfTheKeysDoesNotAnswer() throws Exception {
        String caseId = CasesTopic.knownCase(jdbc, "Gulshan Abbas");
        long before = storedEvents();
        HOLDER.stop();
        ResponseEntity<String> response;
        try {
            response = post("/api/appeals", appeal(caseId, "Asked where Gulshan Abbas is held"));
        } finally {
            HOLDER.start();
        }

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(json.readTree(response.getBody()).get("detail").asText())
                .contains("data keys", "nothing was stored");
        assertThat(storedEvents()).isEqualTo(before);

        assertThat(post("/api/appeals", appeal(caseId, "Asked where Gulshan Abbas is held")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    private String filed(String caseId, String summary) throws Exception {
        ResponseEntity<String> response = post("/api/appeals", appeal(caseId, summary));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return json.readTree(response.getBody()).get("appealId").asText();
    }

    private static String appeal(String caseId, String summary) {
        return """
                {"caseId":"%s","authorityId":"kz-foreign-ministry","channel":"LETTER","filedBy":"RELATIVE",
                 "date":"%s","summary":"%s"}""".formatted(caseId, today(), summary);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private List<byte[]> storedPayloadsOf(String appealId) {
        return jdbc.sql("SELECT payload FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")
                .param(appealId).query(byte[].class).list();
    }

    private static List<byte[]> publishedPayloadsOf(String appealId, int count) {
        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.APPEALS)) {
            return await().atMost(Duration.ofSeconds(30))
                    .until(() -> topic.recordsWithKey(appealId), records -> records.size() == count)
                    .stream().map(ConsumerRecord::value).toList();
        }
    }

    /** The holder's key of the subject, as a reader allowed to open it would fetch it. */
    private static DataKeys keyOf(String subject) {
        DataKey key = HOLDER.key(subject);
        return new DataKeys() {
            @Override
            public DataKey opening(String asked) {
                return asked.equals(subject) ? key : DataKey.UNKNOWN;
            }

            @Override
            public DataKey sealing(String asked) {
                throw new UnsupportedOperationException("opens only");
            }
        };
    }

    private static boolean contains(byte[] payload, String text) {
        return new String(payload, StandardCharsets.UTF_8).contains(text);
    }
}
