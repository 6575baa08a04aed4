package org.caseledger.appeals.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.CaseId;
import org.caseledger.appeals.CasesTopic;
import org.caseledger.appeals.RunningAppealService;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How appeal-service says no: the same problems, titles and shapes as case-service, and never a 500 for an id. */
class AppealRefusalsIT extends RunningAppealService {

    final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            responses   | {"type":"DENIED","date":"%s"}
            follow-ups  | {"channel":"LETTER","date":"%s"}
            escalations | {"authorityId":"un-wgad","channel":"LETTER","filedBy":"NGO","date":"%s","summary":"s"}
            closure     | {"outcome":"WITHDRAWN","date":"%s"}
            """)
    void authorityIdWhereAnAppealIsExpectedIsNotFound(String route, String body) throws Exception {
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/appeals/kz-ombudsman/" + route, body.formatted(today()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(response.getBody()).get("title").asText()).isEqualTo("Not found");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void unknownCaseIsUnprocessableInTheShapeCaseServiceUses() throws Exception {
        ResponseEntity<String> response = post("/api/appeals", appeal(CaseId.random().value()));

        JsonNode problem = json.readTree(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(problem.get("title").asText()).isEqualTo("Cannot be recorded");
        assertThat(problem.get("field").asText()).isEqualTo("caseId");
        assertThat(problem.get("detail").asText()).startsWith("caseId: no case '");
    }

    @Test
    void errorPathIsNoResourceOfTheApi() throws Exception {
        new ServedApi(http).assertErrorPathIsNotFound();
    }

    @Test
    void retriedFilingAndEscalationAreAnsweredByteForByteAsTheFirst() throws Exception {
        String caseId = CasesTopic.knownCase(jdbc, "Sayragul Sauytbay");
        String filingKey = UUID.randomUUID().toString();
        ResponseEntity<String> filed = post("/api/appeals", appeal(caseId), filingKey, null);
        ResponseEntity<String> filedAgain = post("/api/appeals", appeal(caseId), filingKey, null);
        String appealId = json.readTree(filed.getBody()).get("appealId").asText();
        String escalation = """
                {"authorityId":"un-wgeid","channel":"UN_COMMUNICATION","filedBy":"NGO","date":"%s",
                 "summary":"Urgent action request"}""".formatted(today());
        String escalationKey = UUID.randomUUID().toString();
        ResponseEntity<String> escalated = post("/api/appeals/" + appealId + "/escalations", escalation,
                escalationKey, null);
        long stored = storedEvents();
        ResponseEntity<String> escalatedAgain = post("/api/appeals/" + appealId + "/escalations", escalation,
                escalationKey, null);

        assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ServedApi.assertAnsweredAsBefore(filedAgain, filed);
        assertThat(escalated.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ServedApi.assertAnsweredAsBefore(escalatedAgain, escalated);
        assertThat(json.readTree(escalated.getBody()).get("responseDueOn").asText())
                .isEqualTo(today().plusDays(60).toString());
        assertThat(storedEvents()).isEqualTo(stored);
    }

    private static String appeal(String caseId) {
        return """
                {"caseId":"%s","authorityId":"kz-foreign-ministry","channel":"LETTER","filedBy":"RELATIVE",
                 "date":"%s","summary":"Asked where she is held"}""".formatted(caseId, today());
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

}
