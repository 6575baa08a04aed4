package org.caseledger.cases.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.SignedInClient;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The key channel as a consumer asks it: the subjects in a POST's body, or in a GET's query, answered alike. */
class PersonalDataKeysIT extends RunningCaseService {

    private static final String OPENING = """
            {"person":{"name":"Gulnar Sadyk"},"detention":{"date":"2019-02","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPostNamingSubjectsInItsBodyIsAnsweredAsTheQueryIs() throws Exception {
        String caseId = json.readTree(post("/api/cases", OPENING).getBody()).get("caseId").asText();
        String neverSealed = UUID.randomUUID().toString();

        ResponseEntity<String> posted = keys(HttpMethod.POST, "/api/internal/personal-data/keys",
                Map.of("subjects", List.of(caseId, neverSealed)));
        ResponseEntity<String> queried = keys(HttpMethod.GET, "/api/internal/personal-data/keys?subject=" + caseId
                + "&subject=" + neverSealed, null);

        assertThat(posted.getStatusCode()).as(posted.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(posted.getHeaders().getCacheControl()).isEqualTo("no-store");
        JsonNode answer = json.readTree(posted.getBody()).get("keys");
        assertThat(answer).hasSize(2);
        assertThat(answer.get(0).get("subjectId").asText()).isEqualTo(caseId);
        assertThat(answer.get(0).get("state").asText()).isEqualTo("PRESENT");
        assertThat(answer.get(0).get("key").asText()).isNotBlank();
        assertThat(answer.get(1).get("state").asText()).isEqualTo("UNKNOWN");
        assertThat(answer.get(1).get("key").isNull()).isTrue();
        assertThat(json.readTree(queried.getBody())).isEqualTo(json.readTree(posted.getBody()));
    }

    @Test
    void aPostOfMoreThanAThousandSubjectsOrOfNoneIsRefusedAsAProblem() throws Exception {
        List<String> thousandAndOne = IntStream.range(0, 1_001).mapToObj(i -> UUID.randomUUID().toString()).toList();
        List<Object> refused = new ArrayList<>(List.of(Map.of("subjects", thousandAndOne), Map.of(),
                Map.of("subjects", List.of())));

        for (Object body : refused) {
            ResponseEntity<String> answer = keys(HttpMethod.POST, "/api/internal/personal-data/keys", body);

            assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(answer.getBody()).get("field").asText()).isEqualTo("subjects");
        }
    }

    private ResponseEntity<String> keys(HttpMethod method, String path, Object body) throws Exception {
        HttpHeaders headers = SignedInClient.as(Role.PERSONAL_DATA_KEYS);
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, method, new HttpEntity<>(body == null ? null : json.writeValueAsString(body),
                headers), String.class);
    }
}
