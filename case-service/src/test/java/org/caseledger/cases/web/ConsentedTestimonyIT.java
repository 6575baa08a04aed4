package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.cases.RunningCaseService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** A testimony giver's name is kept only with their consent to record it, and the consent is kept beside it. */
class ConsentedTestimonyIT extends RunningCaseService {

    static final String OPENING = """
            {"person":{"name":"Ayshem Mamut"},"detention":{"date":"2017-12","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";

    final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "consent {0}")
    @ValueSource(strings = {"", ",\"consentToRecord\":null", ",\"consentToRecord\":false"})
    void nameWithoutConsentToRecordItIsRefusedAndNothingStored(String consent) throws Exception {
        String caseId = open();
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/testimonies",
                testimony("{\"relation\":\"SIBLING\",\"named\":{\"name\":\"Zzgiver Consentless\"" + consent + "}}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("givenBy.named.consentToRecord").doesNotContain("Zzgiver");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void nameOutsideTheConsentedPartIsRefusedAndNothingStored() throws Exception {
        String caseId = open();
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/testimonies",
                testimony("{\"relation\":\"SIBLING\",\"name\":\"Zzgiver Unasked\"}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(response.getBody()).get("field").asText()).isEqualTo("givenBy.name");
        assertThat(response.getBody()).doesNotContain("Zzgiver");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void nameWithConsentIsKeptWithTheConsent() throws Exception {
        String caseId = open();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/testimonies",
                testimony("{\"relation\":\"SIBLING\",\"named\":{\"name\":\"Aigul\",\"consentToRecord\":true}}"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode giver = storedTestimony(caseId).get("givenBy");
        assertThat(giver.get("name").asText()).isEqualTo("Aigul");
        assertThat(giver.get("consentToRecordName").asBoolean()).isTrue();
    }

    @Test
    void giverMayStayUnnamedWithoutSayingAnythingOfConsent() throws Exception {
        String caseId = open();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/testimonies",
                testimony("{\"relation\":\"SIBLING\"}"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode giver = storedTestimony(caseId).get("givenBy");
        assertThat(giver.get("name").isNull()).isTrue();
        assertThat(giver.get("consentToRecordName").asBoolean()).isFalse();
    }

    private static String testimony(String givenBy) {
        return """
                {"givenBy":%s,"date":"2019-01","language":"ky","summary":"He was taken.",
                 "visibility":"RESTRICTED","source":{"type":"RELATIVE_TESTIMONY"}}""".formatted(givenBy);
    }

    private String open() throws Exception {
        ResponseEntity<String> opened = post("/api/cases", OPENING);
        assertThat(opened.getStatusCode()).as(opened.getBody()).isEqualTo(HttpStatus.CREATED);
        return json.readTree(opened.getBody()).get("caseId").asText();
    }

    private JsonNode storedTestimony(String caseId) throws Exception {
        return opened(jdbc.sql("""
                        SELECT convert_from(payload, 'UTF8') FROM domainevententry
                         WHERE aggregateidentifier = ? AND payloadtype LIKE '%TestimonyRecorded'""")
                .param(caseId).query(String.class).single(), TestimonyRecorded.class);
    }
}
